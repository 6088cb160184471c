package dev.mamori.core.config;

import dev.mamori.core.net.PortRange;
import dev.mamori.core.scan.policy.PolicyAction;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTextTest {
    private static final String BASE = """
            # head comment
            server:
              name: box   # trailing comment

            upstreams:
              # the allow-list
              allow:
                - hosts: ['*']
                  ports: [110, 995]
                  # inside the old rule
                - hosts: [pop.example.net]
                  ports: [110]
              # after the allow-list, before tls
              tls: required

            scan:
              policy:
                virus: [replace, quarantine]
                malformed: [deliver, tag]
              quarantineRetention: 30d
            # the end
            """;

    private static Map<String, Object> rule(List<String> hosts, List<Object> ports, String tls) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hosts", hosts);
        m.put("ports", ports);
        if (tls != null) {
            m.put("tls", tls);
        }
        return m;
    }

    @Test
    void replacesOneNestedBlockAndKeepsEveryOtherLine() throws Exception {
        List<Object> allow = List.of(rule(List.of("*"), List.of(110, 995), null),
                rule(List.of("127.0.0.1"), List.of("11000-11099"), "opportunistic"));
        String out = ConfigText.replace(BASE, List.of("upstreams", "allow"), allow);

        String[] before = BASE.split("\n", -1);
        String[] after = out.split("\n", -1);
        // everything up to the key line and from the comment after the block on is the same text
        assertThat(out).startsWith(String.join("\n", List.of(before).subList(0, 7)) + "\n");
        assertThat(out).endsWith(String.join("\n", List.of(before).subList(13, before.length)));
        assertThat(out).contains("  # after the allow-list, before tls\n  tls: required\n");
        assertThat(out).doesNotContain("inside the old rule").doesNotContain("pop.example.net");
        assertThat(after[6]).isEqualTo("  allow:");
        assertThat(after[7]).isEqualTo("    - hosts:");

        MamoriConfig parsed = ConfigLoader.parse(out, "t");
        MamoriConfig original = ConfigLoader.parse(BASE, "t");
        assertThat(parsed.upstreams().allow()).hasSize(2);
        assertThat(parsed.upstreams().allow().get(1).hosts()).containsExactly("127.0.0.1");
        assertThat(parsed.upstreams().allow().get(1).ports()).containsExactly(PortRange.parse("11000-11099"));
        assertThat(parsed.upstreams().allow().get(1).tls()).isEqualTo(UpstreamTls.OPPORTUNISTIC);
        assertThat(parsed.upstreams().allow().get(0)).isEqualTo(original.upstreams().allow().get(0));
        assertThat(parsed.scan()).isEqualTo(original.scan());
        assertThat(parsed.server()).isEqualTo(original.server());
        assertThat(parsed.upstreams().tls()).isEqualTo(original.upstreams().tls());
    }

    @Test
    void replacesTheLastBlockInTheFileAndKeepsTheCommentAfterIt() throws Exception {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("virus", PolicyAction.of("strip", "quarantine"));
        policy.put("malformed", List.of("deliver"));
        String out = ConfigText.replace(BASE, List.of("scan", "policy"), policy);
        assertThat(out).endsWith("""
                scan:
                  policy:
                    virus:
                      - strip
                      - quarantine
                    malformed:
                      - deliver
                  quarantineRetention: 30d
                # the end
                """);
        assertThat(out).startsWith(BASE.substring(0, BASE.indexOf("scan:")));
        MamoriConfig parsed = ConfigLoader.parse(out, "t");
        assertThat(parsed.scan().policy().virus()).isEqualTo(PolicyAction.of("strip", "quarantine"));
        assertThat(parsed.scan().policy().malformed()).isEqualTo(PolicyAction.of("deliver"));
    }

    @Test
    void aBlockAtTheVeryEndWithoutANewlineIsReplaced() throws Exception {
        String text = "server:\n  name: a\nscan:\n  quarantineRetention: 30d";
        String out = ConfigText.replace(text, List.of("scan", "quarantineRetention"), "7d");
        assertThat(out).isEqualTo("server:\n  name: a\nscan:\n  quarantineRetention: 7d");
        assertThat(ConfigLoader.parse(out, "t").scan().quarantineRetention()).hasDays(7);
    }

    @Test
    void aScalarOnItsKeyLineIsReplacedKeepingNeighbours() {
        String out = ConfigText.replace(BASE, List.of("server", "name"), "other");
        assertThat(out).isEqualTo(BASE.replace("  name: box   # trailing comment\n", "  name: other   # trailing comment\n"));
        // a '#' inside quotes is not a comment; a comment after a block key stays on the key's line
        assertThat(ConfigText.replace("server:\n  name: 'a #b'  # c\n", List.of("server", "name"), "x"))
                .isEqualTo("server:\n  name: x  # c\n");
        assertThat(ConfigText.replace("server:\n  name: \"a #b\"\n", List.of("server", "name"), "x"))
                .isEqualTo("server:\n  name: x\n");
        assertThat(ConfigText.replace("scan:\n  policy:  # ours\n    virus: [deliver]\n", List.of("scan", "policy"),
                java.util.Map.of("virus", List.of("replace"))))
                .isEqualTo("scan:\n  policy:  # ours\n    virus:\n      - replace\n");
    }

    @Test
    void aMissingKeyIsCreatedAtTheEndOfItsParent() throws Exception {
        String out = ConfigText.replace(BASE, List.of("upstreams", "implicitTlsPorts"), List.of(995, 9995));
        assertThat(out).contains("  tls: required\n  implicitTlsPorts:\n    - 995\n    - 9995\n\nscan:");
        assertThat(ConfigLoader.parse(out, "t").upstreams().implicitTlsPorts()).hasSize(2);
    }

    @Test
    void aMissingPathOfSeveralKeysIsCreated() throws Exception {
        String out = ConfigText.replace(BASE, List.of("pop3", "listeners"), List.of(Map.of(
                "name", "dedicated", "mode", "dedicated", "bind", "127.0.0.1:11111",
                "upstream", Map.of("host", "pop.example.net", "port", 995))));
        assertThat(out).startsWith(BASE);
        assertThat(out.substring(BASE.length())).startsWith("pop3:\n  listeners:\n    - ");
        MamoriConfig parsed = ConfigLoader.parse(out, "t");
        assertThat(parsed.pop3().listeners()).hasSize(1);
        assertThat(parsed.pop3().listeners().get(0).upstream().host()).isEqualTo("pop.example.net");
    }

    @Test
    void aMissingTopLevelKeyIsAppendedEvenWithoutAFinalNewline() {
        String out = ConfigText.replace("server:\n  name: a", List.of("updates", "schedule"), "1h");
        assertThat(out).isEqualTo("server:\n  name: a\nupdates:\n  schedule: 1h\n");
    }

    @Test
    void anEmptyParentGetsIndentedChildren() throws Exception {
        String out = ConfigText.replace("scan:\nserver:\n  name: a\n", List.of("scan", "quarantineRetention"), "5d");
        assertThat(out).isEqualTo("scan:\n  quarantineRetention: 5d\nserver:\n  name: a\n");
        assertThat(ConfigLoader.parse(out, "t").scan().quarantineRetention()).hasDays(5);
    }

    @Test
    void theFilesIndentationIsKept() throws Exception {
        String text = "upstreams:\n    tls: required\n    allow:\n        - hosts: [a.example]\n          ports: [110]\n    dnsTimeout: 5s\n";
        String out = ConfigText.replace(text, List.of("upstreams", "allow"), List.of(rule(List.of("b.example"), List.of(995), null)));
        assertThat(out).isEqualTo("upstreams:\n    tls: required\n    allow:\n      - hosts:\n          - b.example\n        ports:\n          - 995\n    dnsTimeout: 5s\n");
        assertThat(ConfigLoader.parse(out, "t").upstreams().allow().get(0).hosts()).containsExactly("b.example");
    }

    @Test
    void anIndentlessSequenceIsReplacedWhole() throws Exception {
        String text = "upstreams:\n  allow:\n  - hosts: [a.example]\n    ports: [110]\n  - hosts: [c.example]\n    ports: [110]\n  tls: none\n";
        String out = ConfigText.replace(text, List.of("upstreams", "allow"), List.of(rule(List.of("b.example"), List.of(110), null)));
        assertThat(out).isEqualTo("upstreams:\n  allow:\n    - hosts:\n        - b.example\n      ports:\n        - 110\n  tls: none\n");
        assertThat(ConfigLoader.parse(out, "t").upstreams().allow()).hasSize(1);
    }

    @Test
    void crlfFilesStayCrlf() throws Exception {
        String crlf = BASE.replace("\n", "\r\n");
        String out = ConfigText.replace(crlf, List.of("scan", "policy", "virus"), List.of("deliver", "tag"));
        assertThat(out.replace("\r\n", "")).doesNotContain("\n");
        assertThat(out).contains("    virus:\r\n      - deliver\r\n      - tag\r\n    malformed: [deliver, tag]\r\n");
        assertThat(out).startsWith(crlf.substring(0, crlf.indexOf("    virus")));
        assertThat(ConfigLoader.parse(out, "t").scan().policy().virus()).isEqualTo(PolicyAction.of("deliver", "tag"));
    }

    @Test
    void flowStyleOnThePathIsRefused() {
        String text = "scan: {policy: {virus: [deliver]}}\n";
        assertThatThrownBy(() -> ConfigText.replace(text, List.of("scan", "policy"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scan is written in flow style");
        String flowOverLines = "upstreams:\n  allow: [{hosts: ['*'],\n    ports: [110]}]\n";
        assertThatThrownBy(() -> ConfigText.replace(flowOverLines, List.of("upstreams", "allow"), List.of()))
                .hasMessageContaining("upstreams.allow is written in flow style");
        // complete on its line: replaced like a scalar
        assertThat(ConfigText.replace("upstreams:\n  allow: [{hosts: ['*'], ports: [110]}] # c\n  tls: none\n",
                List.of("upstreams", "allow"), List.of(rule(List.of("a.example"), List.of(110), null))))
                .isEqualTo("upstreams:\n  allow: # c\n    - hosts:\n        - a.example\n      ports:\n        - 110\n  tls: none\n");
    }

    @Test
    void anchorsQuotedKeysAndSequencesAreRefused() {
        assertThatThrownBy(() -> ConfigText.replace("scan: &s\n  policy: {}\n", List.of("scan", "policy"), Map.of()))
                .hasMessageContaining("anchor");
        assertThatThrownBy(() -> ConfigText.replace("\"scan\":\n  policy:\n", List.of("scan", "policy"), Map.of()))
                .hasMessageContaining("quoted");
        assertThatThrownBy(() -> ConfigText.replace("scan:\n  - a\n", List.of("scan", "policy"), Map.of()))
                .hasMessageContaining("sequence");
        assertThatThrownBy(() -> ConfigText.replace("a: b\n", List.of(), Map.of()))
                .hasMessageContaining("empty");
    }

    @Test
    void aKeyThatOnlyStartsTheSameIsNotMatched() {
        String out = ConfigText.replace("scanner:\n  x: 1\n", List.of("scan", "policy"), Map.of("virus", List.of("deliver")));
        assertThat(out).isEqualTo("scanner:\n  x: 1\nscan:\n  policy:\n    virus:\n      - deliver\n");
    }

    @Test
    void theQuickstartSampleKeepsEveryCommentOutsideTheEditedBlock() throws Exception {
        Path sample = Path.of("..", "sample-configs", "quickstart.yaml");
        String text = Files.readString(sample);
        MamoriConfig original = ConfigLoader.parse(text, "q");
        String out = ConfigText.replace(text, List.of("scan", "policy", "virus"), PolicyAction.of("strip", "quarantine"));
        MamoriConfig parsed = ConfigLoader.parse(out, "q");
        assertThat(parsed.scan().policy().virus()).isEqualTo(PolicyAction.of("strip", "quarantine"));
        assertThat(parsed.upstreams()).isEqualTo(original.upstreams());
        assertThat(parsed.pop3()).isEqualTo(original.pop3());
        assertThat(parsed.smtp()).isEqualTo(original.smtp());
        List<String> removed = new java.util.ArrayList<>(text.lines().toList());
        removed.removeAll(out.lines().toList());
        assertThat(removed).allSatisfy(l -> assertThat(l).contains("virus"));
    }

    @Test
    void removingAKeyTakesItsBlockAndKeepsTheRest() throws Exception {
        String out = ConfigText.remove(BASE, List.of("scan", "policy"));
        assertThat(out).isEqualTo(BASE.replace("""
                  policy:
                    virus: [replace, quarantine]
                    malformed: [deliver, tag]
                """, ""));
        assertThat(ConfigLoader.parse(out, "t").scan().policy()).isEqualTo(dev.mamori.core.scan.policy.ScanPolicy.defaults());
        assertThat(ConfigText.remove(BASE, List.of("updates", "source"))).isEqualTo(BASE);
        assertThat(ConfigText.remove(BASE, List.of("server", "name"))).isEqualTo(BASE.replace("  name: box   # trailing comment\n", ""));
        assertThatThrownBy(() -> ConfigText.remove("scan: {policy: {}}\n", List.of("scan", "policy")))
                .hasMessageContaining("flow style");
    }
}
