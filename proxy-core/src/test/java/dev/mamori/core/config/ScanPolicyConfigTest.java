package dev.mamori.core.config;

import dev.mamori.core.scan.policy.PolicyAction;
import dev.mamori.core.scan.policy.ScanPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scan section of the YAML: action lists per category, defaults, and clear errors. */
class ScanPolicyConfigTest {
    @Test
    void defaultsAreCautious() throws Exception {
        ScanPolicy p = ConfigLoader.parse("server: { name: t }\n", "t.yaml").scan().policy();
        assertThat(p.virus()).isEqualTo(PolicyAction.of("replace", "quarantine"));
        assertThat(p.encrypted()).isEqualTo(PolicyAction.of("replace", "quarantine"));
        assertThat(p.malformed()).isEqualTo(PolicyAction.of("deliver", "tag"));
        assertThat(p.scanFailure()).isEqualTo(ScanPolicy.ScanFailure.TEMPFAIL);
        assertThat(ConfigLoader.parse("server: { name: t }\n", "t.yaml").scan().quarantineRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void actionListsAreRead() throws Exception {
        MamoriConfig c = ConfigLoader.parse("""
                scan:
                  policy:
                    suspicious: [deliver, tag]
                    maliciousUrl: [replace, quarantine]
                    scanFailure: deliver-tagged
                    subjectTag: "[SCANNED {category}]"
                  quarantineRetention: 7d
                """, "t.yaml");
        assertThat(c.scan().policy().suspicious()).isEqualTo(new PolicyAction(PolicyAction.Disposition.DELIVER, true, false));
        assertThat(c.scan().policy().maliciousUrl().disposition()).isEqualTo(PolicyAction.Disposition.REPLACE);
        assertThat(c.scan().policy().scanFailure()).isEqualTo(ScanPolicy.ScanFailure.DELIVER_TAGGED);
        assertThat(c.scan().quarantineRetention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void badActionsAreNamed() {
        assertThatThrownBy(() -> ConfigLoader.parse("scan:\n  policy:\n    virus: [shred]\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("scan.policy.virus")
                .hasMessageContaining("'shred' is not an action");
        assertThatThrownBy(() -> ConfigLoader.parse("scan:\n  policy:\n    virus: [deliver, replace]\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> ConfigLoader.parse("scan:\n  policy:\n    virsu: [replace]\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("virsu");
    }
}
