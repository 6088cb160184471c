package dev.mamori.core.config;

import dev.mamori.core.net.HostPort;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminSettingsTest {
    private static MamoriConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse("pop3:\n  enabled: false\n" + yaml, "test.yaml");
    }

    @Test
    void withoutTheSectionTheChannelIsOff() throws Exception {
        assertThat(parse("").admin().enabled()).isFalse();
    }

    @Test
    void anEmptySectionMeansLoopbackPort18022() throws Exception {
        AdminSettings a = parse("admin: {}\n").admin();
        assertThat(a.enabled()).isTrue();
        assertThat(a.bind()).isEqualTo(HostPort.of("127.0.0.1", 18022));
        assertThat(a.advertise()).isFalse();
        assertThat(a.accountsFile(Path.of("d"))).isEqualTo(Path.of("d", "admin", "accounts.json"));
        assertThat(a.name(new ServerSettings("box", null))).isEqualTo("box");
    }

    @Test
    void everyKeyIsReadAndTyposAreNamed() throws Exception {
        AdminSettings a = parse("""
                admin:
                  enabled: false
                  bind: 0.0.0.0:2222
                  accountsFile: /etc/mamori/accounts.json
                  advertise: true
                  name: office
                """).admin();
        assertThat(a.enabled()).isFalse();
        assertThat(a.bind().port()).isEqualTo(2222);
        assertThat(a.accountsFile(Path.of("x"))).isEqualTo(Path.of("/etc/mamori/accounts.json"));
        assertThat(a.advertise()).isTrue();
        assertThat(a.name(ServerSettings.defaults())).isEqualTo("office");
        assertThatThrownBy(() -> parse("admin:\n  advertize: true\n")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems().toString()).contains("did you mean 'advertise'"));
        assertThatThrownBy(() -> parse("admin:\n  name: 'bad name!'\n")).isInstanceOf(ConfigException.class);
    }
}
