package dev.mamori.core.scan.policy;

import dev.mamori.core.scan.ScanSummary;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.content.ContentPath;
import dev.mamori.core.scan.content.Finding;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyEngineTest {
    private static final ScanSummary SUMMARY = new ScanSummary(10, "00", Duration.ZERO);
    private static final ContentPath IN_ZIP = ContentPath.message().part("2", "invoice.zip").member("a.exe");
    private static final PolicyAction STRIP = PolicyAction.of("strip", "quarantine");

    private static Detection virus(ContentPath p) {
        return new Detection(ThreatCategory.VIRUS, "Test.Virus", "signatures", p, "");
    }

    private static ScanPolicy stripViruses() {
        return new ScanPolicy(STRIP, null, null, null, null, null, null, null, null);
    }

    @Test
    void cleanMeansNoDecision() {
        assertThat(new PolicyEngine(ScanPolicy.defaults()).decide(Verdict.Scanned.clean(SUMMARY))).isEmpty();
    }

    @Test
    void theStrictestActionWinsAcrossCategories() {
        Verdict.Scanned v = new Verdict.Scanned(SUMMARY, List.of(virus(IN_ZIP)),
                List.of(new Finding(Finding.Kind.MALFORMED_MIME, ContentPath.message(), "unterminated multipart")));
        PolicyDecision d = new PolicyEngine(ScanPolicy.defaults()).decide(v).orElseThrow();
        assertThat(d.action()).isEqualTo(new PolicyAction(PolicyAction.Disposition.REPLACE, true, true));
        assertThat(d.categories()).containsExactly(PolicyCategory.VIRUS, PolicyCategory.MALFORMED);
        assertThat(d.primary()).isEqualTo(PolicyCategory.VIRUS);
        assertThat(d.reasons()).hasSize(2).first().asString().contains("Test.Virus in message \u203a part 2 \u203a invoice.zip \u203a a.exe");
    }

    @Test
    void stripNamesTheTopLevelPartOfEachConcernedItem() {
        ContentPath nested = ContentPath.message().part("3.1", "b.doc");
        Verdict.Scanned v = new Verdict.Scanned(SUMMARY, List.of(virus(IN_ZIP), virus(nested)), List.of());
        PolicyDecision d = new PolicyEngine(stripViruses()).decide(v).orElseThrow();
        assertThat(d.action().disposition()).isEqualTo(PolicyAction.Disposition.STRIP);
        assertThat(d.stripParts()).containsOnlyKeys("2", "3.1");
    }

    @Test
    void stripBecomesReplaceWhenTheWholeMessageIsConcerned() {
        Verdict.Scanned v = new Verdict.Scanned(SUMMARY, List.of(virus(IN_ZIP), virus(ContentPath.message())), List.of());
        PolicyDecision d = new PolicyEngine(stripViruses()).decide(v).orElseThrow();
        assertThat(d.action().disposition()).isEqualTo(PolicyAction.Disposition.REPLACE);
        assertThat(d.stripParts()).isEmpty();
    }

    @Test
    void actionWordsAreStrict() {
        assertThat(PolicyAction.of("tag").disposition()).isEqualTo(PolicyAction.Disposition.DELIVER);
        assertThat(PolicyAction.of("strip", "tag").words()).containsExactly("strip", "tag");
        assertThatThrownBy(() -> PolicyAction.of("strip", "replace")).hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> PolicyAction.of("delete")).hasMessageContaining("'delete' is not an action");
        assertThatThrownBy(() -> PolicyAction.parse(List.of())).hasMessageContaining("must not be empty");
        assertThat(PolicyAction.of("deliver", "tag").merge(STRIP)).isEqualTo(new PolicyAction(PolicyAction.Disposition.STRIP, true, true));
    }
}
