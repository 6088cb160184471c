package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.FileType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeuristicRulesParserTest {
    @Test
    void emptyFileGivesTheDefaults() throws Exception {
        assertThat(HeuristicRulesParser.parse("# nothing to change\n\n")).isEqualTo(HeuristicRules.defaults());
    }

    @Test
    void directivesAdjustTheDefaults() throws Exception {
        HeuristicRules r = HeuristicRulesParser.parse("""
                disable deceptive-link extension-mismatch   # too noisy for us
                allow-extension .jar js
                block-extension ace
                block-type ELF
                allow-type iso9660
                trust-link-host Click.Mailer.Example
                decoy-extension heic
                max-html-bytes 4MiB
                max-links 50
                """);
        assertThat(r.enabled(HeuristicRules.Check.DECEPTIVE_LINK)).isFalse();
        assertThat(r.enabled(HeuristicRules.Check.EXTENSION_MISMATCH)).isFalse();
        assertThat(r.enabled(HeuristicRules.Check.OFFICE_MACRO)).isTrue();
        assertThat(r.blockedExtensions()).doesNotContain("jar", "js").contains("ace", "exe");
        assertThat(r.executableExtensions()).contains("jar", "js");
        assertThat(r.blockedTypes()).contains(FileType.ELF, FileType.PE).doesNotContain(FileType.ISO9660);
        assertThat(r.trustedLinkHosts()).contains("click.mailer.example");
        assertThat(r.decoyExtensions()).contains("heic", "pdf");
        assertThat(r.maxHtmlBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(r.maxLinks()).isEqualTo(50);
    }

    @Test
    void clearEmptiesASet() throws Exception {
        HeuristicRules r = HeuristicRulesParser.parse("clear blocked-extensions\nblock-extension exe\n");
        assertThat(r.blockedExtensions()).containsExactly("exe");
    }

    @Test
    void typosRefuseTheWholeFileNamingTheLine() {
        assertThatThrownBy(() -> HeuristicRulesParser.parse("block-extension exe\ndisable double-extensions\n"))
                .isInstanceOf(RulesSyntaxException.class).hasMessage("line 2: unknown check 'double-extensions'");
        assertThatThrownBy(() -> HeuristicRulesParser.parse("block-type PEE"))
                .hasMessage("line 1: unknown file type 'PEE'");
        assertThatThrownBy(() -> HeuristicRulesParser.parse("blok-extension exe"))
                .hasMessage("line 1: unknown directive 'blok-extension'");
        assertThatThrownBy(() -> HeuristicRulesParser.parse("block-extension ex*e"))
                .hasMessage("line 1: not an extension: 'ex*e'");
        assertThatThrownBy(() -> HeuristicRulesParser.parse("max-links 0"))
                .isInstanceOf(RulesSyntaxException.class).hasMessageContaining("maxLinks");
        assertThatThrownBy(() -> HeuristicRulesParser.parse("enable"))
                .hasMessage("line 1: enable needs at least one argument");
    }
}
