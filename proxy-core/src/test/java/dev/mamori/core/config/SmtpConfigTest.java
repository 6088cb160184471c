package dev.mamori.core.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SmtpConfigTest {
    private static MamoriConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml");
    }

    private static List<ConfigProblem> problems(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> parse(yaml)).problems();
    }

    @Test
    void withoutAnSmtpSectionSmtpIsOff() throws Exception {
        MamoriConfig c = parse("server:\n  name: t\n");
        assertThat(c.smtp().enabled()).isFalse();
        assertThat(c.smtp().listeners()).isEmpty();
    }

    @Test
    void theAgreedSchemaWithItsDefaults() throws Exception {
        MamoriConfig c = parse("""
                smtp:
                  listeners:
                    - name: submission
                      bind: 127.0.0.1:12525
                      routes:
                        - host: 127.0.0.1
                          port: 10025
                        - host: Backup.Example.NET
                          preference: 20
                      dnsbl: [zen.spamhaus.org]
                  limits:
                    maxMessageSize: 20MiB
                    upstreamNoopInterval: 15s
                  headers:
                    received: false
                """);
        SmtpSettings s = c.smtp();
        assertThat(s.enabled()).isTrue();
        SmtpListener l = s.listeners().getFirst();
        assertThat(l.tls()).isEqualTo(ClientTls.STARTTLS);
        assertThat(l.upstreamTls()).isEqualTo(UpstreamTls.REQUIRED);
        assertThat(l.proxyProtocol()).isFalse();
        assertThat(l.xclient()).isFalse();
        assertThat(l.xforward()).isFalse();
        assertThat(l.dnsbl()).containsExactly("zen.spamhaus.org");
        assertThat(l.routes()).containsExactly(new SmtpRoute("127.0.0.1", 10025, 10), new SmtpRoute("backup.example.net", 25, 20));
        assertThat(s.limits().maxMessageSize()).isEqualTo(DataSize.ofMiB(20));
        assertThat(s.limits().maxRecipients()).isEqualTo(100);
        assertThat(s.limits().maxCommandLength()).isEqualTo(2048);
        assertThat(s.limits().commandTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.limits().dataTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.limits().upstreamFinalReplyTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.limits().upstreamNoopInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.limits().spoolMemoryThreshold()).isEqualTo(DataSize.ofMiB(4));
        assertThat(s.headers().received()).isFalse();
        assertThat(s.headers().scanHeaders()).isTrue();
    }

    @Test
    void typosAndMissingRoutesAreNamed() {
        assertThat(problems("smtp:\n  listeners:\n    - name: a\n      bind: 127.0.0.1:2525\n      rotes: []\n"))
                .extracting(ConfigProblem::location, ConfigProblem::problem)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("smtp.listeners[0].rotes", "unknown key 'rotes', did you mean 'routes'?"));
        assertThat(problems("smtp:\n  listeners:\n    - name: a\n      bind: 127.0.0.1:2525\n"))
                .extracting(ConfigProblem::location).first().asString().contains("routes");
        assertThat(problems("smtp:\n  enabled: true\n")).extracting(ConfigProblem::location).first().asString()
                .contains("listeners");
        assertThat(problems("smtp:\n  listeners:\n    - name: a\n      bind: 127.0.0.1:2525\n      upstreamTls: implicit\n"
                + "      routes: [{host: 127.0.0.1}]\n")).extracting(ConfigProblem::location).first().asString()
                .contains("upstreamTls");
    }

    @Test
    void listenerNamesAreUniqueAndBindsDoNotClashWithPop3() {
        assertThat(problems("""
                smtp:
                  listeners:
                    - {name: a, bind: '127.0.0.1:2525', routes: [{host: 127.0.0.1}]}
                    - {name: a, bind: '127.0.0.1:2526', routes: [{host: 127.0.0.1}]}
                """)).extracting(ConfigProblem::problem).first().asString().contains("already the name");
        List<ConfigProblem> clash = problems("""
                pop3:
                  listeners:
                    - {name: p, bind: '0.0.0.0:2525'}
                smtp:
                  listeners:
                    - {name: s, bind: '127.0.0.1:2525', routes: [{host: 127.0.0.1}]}
                """);
        assertThat(clash).extracting(ConfigProblem::location).containsExactly("smtp.listeners[0].bind");
        assertThat(clash.getFirst().problem()).contains("pop3.listeners[0]");
    }

    @Test
    void limitsAreChecked() {
        assertThat(problems("smtp:\n  enabled: false\n  limits:\n    maxCommandLength: 100\n"))
                .extracting(ConfigProblem::location).first().asString().contains("maxCommandLength");
        assertThat(problems("smtp:\n  enabled: false\n  limits:\n    maxRecipients: 0\n"))
                .extracting(ConfigProblem::location).first().asString().contains("maxRecipients");
    }
}
