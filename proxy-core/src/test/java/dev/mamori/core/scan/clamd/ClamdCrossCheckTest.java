package dev.mamori.core.scan.clamd;

import dev.mamori.core.scan.clamd.ClamdCrossCheckCorpus.Sample;
import dev.mamori.core.scan.sig.SignatureContentEngine;
import dev.mamori.core.scan.sig.SignatureEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Same signatures, same corpus, same verdicts": real clamd and Mamori's signature engine, both loaded with
 * {@link ClamdCrossCheckCorpus#databases()}, scan every sample of the corpus walked as the pipeline walks it; each must
 * give the verdict the corpus expects, and so they agree with each other.
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
    void signatureEngineGivesTheSameVerdictsAsClamd() throws Exception {
        List<Sample> samples = ClamdCrossCheckCorpus.samples();
        Map<String, Set<String>> clamdVerdicts = CrossCheck.verdicts(
                new ClamdMessageScanner(ClamdSettings.defaults().withAddress(clamd.unix()), temp), samples);
        SignatureContentEngine signatures = new SignatureContentEngine(
                SignatureEngine.load(ClamdCrossCheckCorpus.writeDatabases(temp.resolve("sig-db"))));
        Map<String, Set<String>> ourVerdicts = CrossCheck.verdicts(message -> {
            Set<String> names = new TreeSet<>();
            WalkAndScan.run(signatures, message, temp).detections().forEach(d -> names.add(d.name()));
            return names;
        }, samples);

        assertThat(CrossCheck.againstExpected(ourVerdicts, samples)).isEmpty();
        assertThat(CrossCheck.between("clamd", clamdVerdicts, "signatures", ourVerdicts)).isEmpty();
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
