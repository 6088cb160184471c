package dev.mamori.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The metrics, logging and notifications sections. */
class ObservabilityConfigTest {
    @TempDir
    Path dir;

    private static MamoriConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml");
    }

    private static ConfigProblem problem(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().getFirst();
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void everythingIsOffByDefault() throws Exception {
        MamoriConfig c = parse("server: {name: x}\n");
        assertThat(c.metrics().prometheus().enabled()).isFalse();
        assertThat(c.metrics().prometheus().bind().toString()).isEqualTo("127.0.0.1:9464");
        assertThat(c.logging().syslog().enabled()).isFalse();
        assertThat(c.notifications()).isNull();
    }

    @Test
    void prometheusRefusesANonLoopbackBindUnlessAllowed() throws Exception {
        ConfigProblem p = problem("metrics: {prometheus: {enabled: true, bind: 0.0.0.0:9464}}\n");
        assertThat(p.location()).isEqualTo("metrics.prometheus.bind");
        assertThat(p.problem()).contains("not a loopback address");
        MamoriConfig c = parse("metrics: {prometheus: {enabled: true, bind: 0.0.0.0:9464, allowRemote: true}}\n");
        assertThat(c.metrics().prometheus().bind().host()).isEqualTo("0.0.0.0");
        assertThat(parse("metrics: {prometheus: {enabled: true, bind: '[::1]:9000'}}\n").metrics().prometheus().enabled()).isTrue();
        assertThat(problem("metrics: {prometheus: {enable: true}}\n").problem()).contains("did you mean 'enabled'");
    }

    @Test
    void syslogDefaultsAndChecks() throws Exception {
        SyslogSettings s = parse("logging: {syslog: {enabled: true, host: logs.example.org, protocol: tls}}\n").logging().syslog();
        assertThat(s.port()).isEqualTo(6514);
        assertThat(s.facility()).isEqualTo("daemon");
        assertThat(s.appName()).isEqualTo("mamori");
        assertThat(parse("logging: {syslog: {enabled: true, host: h}}\n").logging().syslog().port()).isEqualTo(514);
        assertThat(problem("logging: {syslog: {enabled: true}}\n").location()).isEqualTo("logging.syslog.host");
        assertThat(problem("logging: {syslog: {enabled: true, host: h, facility: local9}}\n").problem()).contains("not a syslog facility");
        assertThat(problem("logging: {syslog: {enabled: true, host: h, protocol: smoke}}\n").allowed()).contains("udp, tcp, tls");
        assertThat(problem("logging: {syslog: {enabled: true, host: h, caFile: ca.pem}}\n").location()).isEqualTo("logging.syslog.caFile");
        assertThat(problem("logging: {syslog: {enabled: true, host: h, protocol: tls, caFile: /nonexistent/ca.pem}}\n")
                .location()).isEqualTo("logging.syslog.caFile");
    }

    @Test
    void notifications() throws Exception {
        Path pw = Files.writeString(dir.resolve("smtp.pw"), "secret\n");
        MamoriConfig c = ConfigLoader.parse("""
                notifications:
                  smtp: {host: mail.example.org, username: mamori, passwordFile: smtp.pw}
                  from: mamori@example.org
                  to: [admin@example.org, ops@example.org]
                  detections: {mode: each}
                  system: {upstreamUnreachableAfter: 5m, diskFreeBelow: 15%}
                """, "test.yaml", dir);
        NotificationSettings n = c.notifications();
        assertThat(n.smtp().port()).isEqualTo(587);
        assertThat(n.smtp().tls()).isEqualTo(ClientTls.STARTTLS);
        assertThat(n.smtp().passwordFile()).isEqualTo(pw);
        assertThat(n.to()).containsExactly("admin@example.org", "ops@example.org");
        assertThat(n.detections().mode()).isEqualTo(DetectionNotifications.Mode.EACH);
        assertThat(n.detections().digestInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(n.system().enabled()).isTrue();
        assertThat(n.system().upstreamUnreachableAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(n.system().diskFreeBelow().value()).isEqualTo(15);

        NotificationSettings d = parse("notifications: {smtp: {host: h, tls: implicit}, from: a@b.c, to: [x@y.z]}\n").notifications();
        assertThat(d.smtp().port()).isEqualTo(465);
        assertThat(d.detections().mode()).isEqualTo(DetectionNotifications.Mode.DIGEST);
        assertThat(d.system().diskFreeBelow().value()).isEqualTo(10);

        assertThat(problem("notifications: {smtp: {host: h}, from: a@b.c, to: []}\n").location()).isEqualTo("notifications.to");
        assertThat(problem("notifications: {smtp: {host: h}, from: 'a@b.c\\r\\nBcc: x@y.z', to: [x@y.z]}\n").location())
                .isEqualTo("notifications.from");
        assertThat(problem("notifications: {smtp: {host: h, username: u}, from: a@b.c, to: [x@y.z]}\n").location())
                .isEqualTo("notifications.smtp.passwordFile");
        assertThat(problem("notifications: {smtp: {host: h}, from: a@b.c, to: [x@y.z], detections: {digestInterval: 10s}}\n")
                .location()).isEqualTo("notifications.detections.digestInterval");
        assertThat(problem("notifications: {smtp: {host: h}, from: a@b.c, to: [x@y.z], system: {diskFreeBelow: 120%}}\n")
                .location()).isEqualTo("notifications.system.diskFreeBelow");
        assertThat(problem("notifications: {smtp: {host: h}, from: a@b.c, to: [x@y.z], detections: {mode: sometimes}}\n")
                .allowed()).contains("off, each, digest");
    }
}
