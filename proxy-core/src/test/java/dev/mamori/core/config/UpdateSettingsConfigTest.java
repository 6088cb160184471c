package dev.mamori.core.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The {@code updates:} section: defaults, every refusal named by its field, relative paths. */
class UpdateSettingsConfigTest {
    private static final String KEY = "MCowBQYDK2VwAyEA8uaeKbbRJlNfwnN5capa0QcCJTu97VKmBmscLhk9Or0=";

    private static MamoriConfig parse(String updates) throws ConfigException {
        return ConfigLoader.parse("updates:\n" + updates.indent(2), "test.yaml", Path.of("/etc/mamori"));
    }

    private static ConfigProblem problem(String updates) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(updates));
        assertThat(e).as("expected the config to be refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().getFirst();
    }

    @Test
    void absentMeansNoUpdateSource() throws Exception {
        assertThat(ConfigLoader.parse("server: {name: x}\n", "t.yaml").updates()).isNull();
    }

    @Test
    void defaults() throws Exception {
        UpdateSettings u = parse("source: https://updates.example.net/m/\ntrustedKeys: [" + KEY + "]\n").updates();
        assertThat(u.schedule()).isEqualTo(Duration.ofMinutes(15));
        assertThat(u.scheduleOf("url-blocklist")).isEqualTo(Duration.ofMinutes(15));
        assertThat(u.keep()).isEqualTo(3);
        assertThat(u.maxBundleSize()).isEqualTo(DataSize.ofMiB(256));
        assertThat(u.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(u.proxy()).isNull();
        assertThat(u.fallbackSource()).isNull();
        assertThat(u.relay().enabled()).isFalse();
        assertThat(u.relay().advertise()).isTrue();
        assertThat(u.relay().bind().port()).isEqualTo(18180);
        assertThat(u.keys().ids()).hasSize(1);
    }

    @Test
    void everythingSet() throws Exception {
        UpdateSettings u = parse("""
                source: mdns
                fallbackSource: https://updates.example.net/m/
                trustedKeys: [%s]
                schedule: 1h
                schedules: {url-blocklist: 5m}
                keep: 5
                maxBundleSize: 10MiB
                timeout: 20s
                proxy: {url: 'http://proxy.lan:3128', username: u, passwordFile: secret/proxy.txt}
                relay: {enabled: true, bind: 127.0.0.1:18181, advertise: false}
                """.formatted(KEY)).updates();
        assertThat(u.source()).isEqualTo("mdns");
        assertThat(u.scheduleOf("url-blocklist")).isEqualTo(Duration.ofMinutes(5));
        assertThat(u.scheduleOf("virus-patterns")).isEqualTo(Duration.ofHours(1));
        assertThat(u.proxy().passwordFile()).isEqualTo(Path.of("/etc/mamori/secret/proxy.txt"));
        assertThat(u.relay().enabled()).isTrue();
        assertThat(u.relay().advertise()).isFalse();
    }

    @Test
    void refusals() {
        assertThat(problem("trustedKeys: [" + KEY + "]\n").location()).isEqualTo("updates.source");
        assertThat(problem("source: ftp://x/\ntrustedKeys: [" + KEY + "]\n").problem()).contains("not an http(s) URL");
        assertThat(problem("source: https://u:p@x/\ntrustedKeys: [" + KEY + "]\n").problem()).contains("credentials in the URL");
        ConfigProblem noKeys = problem("source: https://x/\n");
        assertThat(noKeys.location()).isEqualTo("updates.trustedKeys");
        assertThat(noKeys.problem()).contains("at least one publisher public key");
        assertThat(problem("source: https://x/\ntrustedKeys: [bm90IGEga2V5]\n").problem())
                .contains("trustedKeys[0]: not an Ed25519 public key");
        assertThat(problem("source: https://x/\ntrustedKeys: [" + KEY + "]\nschedule: 10s\n").problem())
                .contains("too short");
        assertThat(problem("source: https://x/\ntrustedKeys: [" + KEY + "]\nschedules: {virus-pattern: 1h}\n").location())
                .isEqualTo("updates.schedules.virus-pattern");
        assertThat(problem("source: https://x/\ntrustedKeys: [" + KEY + "]\nproxy: {url: 'http://p:3128', username: u}\n")
                .location()).isEqualTo("updates.proxy.passwordFile");
        ConfigProblem typo = problem("source: https://x/\ntrustedKeys: [" + KEY + "]\nrelay: {enabeld: true}\n");
        assertThat(typo.location()).isEqualTo("updates.relay.enabeld");
        assertThat(typo.problem()).contains("unknown key 'enabeld'");
        assertThat(typo.toString() + typo.allowed()).contains("enabled");
        assertThat(problem("source: https://x/\ntrustedKeys: [" + KEY + "]\nkeep: 0\n").location()).isEqualTo("updates.keep");
    }

    @Test
    void keyFormats() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + KEY + "\n-----END PUBLIC KEY-----\n";
        String raw = java.util.Base64.getEncoder().encodeToString(
                java.util.Arrays.copyOfRange(java.util.Base64.getDecoder().decode(KEY), 12, 44));
        UpdateSettings u = parse("source: https://x/\ntrustedKeys:\n  - |\n" + pem.indent(4) + "  - " + raw + "\n").updates();
        assertThat(u.keys().ids()).hasSize(1); // the same key in two forms
        assertThat(List.copyOf(u.trustedKeys())).hasSize(2);
    }
}
