package dev.mamori.core.scan.clamd;

import dev.mamori.core.scan.clamd.ClamdCrossCheckCorpus.Sample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clamd half of "same signatures, same corpus, same verdicts": real clamd, loaded with
 * {@link ClamdCrossCheckCorpus#databases()}, gives every sample the verdict the corpus expects. The other engine's
 * half runs the same samples through a {@link CrossCheck.MessageScanner} of its own and is compared with
 * {@link CrossCheck#between}.
 */
class ClamdCrossCheckTest {
    @TempDir
    static Path temp;
    private static PrivateClamd clamd;

    @BeforeAll
    static void start() throws IOException {
        clamd = RealClamdSupport.startOrSkip(temp);
    }

    @AfterAll
    static void stop() {
        if (clamd != null) {
            clamd.close();
        }
    }

    @Test
    void clamdGivesEverySampleTheExpectedVerdict() throws IOException {
        List<Sample> samples = ClamdCrossCheckCorpus.samples();
        Map<String, Set<String>> verdicts = CrossCheck.verdicts(
                new ClamdMessageScanner(ClamdSettings.defaults().withAddress(clamd.tcp()), temp), samples);

        assertThat(CrossCheck.againstExpected(verdicts, samples)).isEmpty();
        assertThat(samples).filteredOn(Sample::infected).hasSizeGreaterThan(10);
        assertThat(samples).filteredOn(s -> !s.infected()).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void corpusIsDeterministic() {
        // both engines must see byte-identical samples and databases, however often they are generated
        List<Sample> a = ClamdCrossCheckCorpus.samples();
        List<Sample> b = ClamdCrossCheckCorpus.samples();
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).message()).as(a.get(i).name()).isEqualTo(b.get(i).message());
        }
        assertThat(ClamdCrossCheckCorpus.databases()).isEqualTo(ClamdCrossCheckCorpus.databases());
    }
}
