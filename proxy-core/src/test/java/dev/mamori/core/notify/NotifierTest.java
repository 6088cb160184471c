package dev.mamori.core.notify;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.DetectionNotifications;
import dev.mamori.core.config.NotificationSettings;
import dev.mamori.core.config.SmtpServerSettings;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.metrics.MutableClock;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Notifications through GreenMail as the administrators' mail server, and the digest rule on a hand-moved clock. */
@Timeout(120)
class NotifierTest {
    @TempDir
    Path dir;
    private GreenMail greenMail;
    private Notifier notifier;

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private static MamoriEvent.Detection detection(String account, String quarantineId) {
        return new MamoriEvent.Detection(Instant.parse("2026-01-01T10:00:00Z"), "pop3", "main", "192.0.2.7", account,
                "pop.example.net:995", List.of(), "Your invoice\r\nBcc: evil@example.com", "<m1@example.net>",
                List.of("Eicar-Test-Signature"), List.of("virus"), "replace,quarantine", quarantineId);
    }

    private NotificationSettings settings(int port, String user, Path passwordFile, DetectionNotifications.Mode mode) {
        return new NotificationSettings(new SmtpServerSettings("127.0.0.1", port, ClientTls.NONE, user, passwordFile),
                "mamori@example.org", List.of("admin@example.org", "ops@example.org"),
                new DetectionNotifications(mode, Duration.ofMinutes(15)), null);
    }

    private Notifier start(NotificationSettings s) throws Exception {
        notifier = new Notifier(s, new SmtpMailSender(s, List.of(), Duration.ofSeconds(20)),
                java.time.Clock.systemUTC(), "gw1");
        return notifier;
    }

    @Test
    void eachDetectionIsMailedWithoutAuth() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        start(settings(greenMail.getSmtp().getPort(), null, null, DetectionNotifications.Mode.EACH));

        notifier.onEvent(detection("alice", "20260101-q1"));
        awaitTrue(() -> notifier.sent() + notifier.failed() > 0);
        assertThat(notifier.failed()).isZero();
        assertThat(greenMail.waitForIncomingEmail(30_000, 2)).isTrue(); // one mail, two recipients
        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("[Mamori gw1] Eicar-Test-Signature in a pop3 message for alice");
        assertThat(m.getFrom()[0].toString()).isEqualTo("mamori@example.org");
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("admin@example.org", "ops@example.org");
        assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        String body = GreenMailUtil.getBody(m);
        assertThat(body).contains("Threats:     Eicar-Test-Signature", "Action:      replace,quarantine",
                "Quarantine:  20260101-q1", "Client:      192.0.2.7", "Account:     alice",
                // the subject's line break cannot add a header: it is one line in the body
                "Subject:     Your invoice Bcc: evil@example.com");
        assertThat(m.getHeader("Bcc")).isNull();
        awaitTrue(() -> notifier.sent() == 1);
        assertThat(notifier.failed()).isZero();
    }

    @Test
    void systemEventsWithAuth() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("mamori", "s3cret-pw"));
        greenMail.start();
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret-pw\n");
        start(settings(greenMail.getSmtp().getPort(), "mamori", pw, DetectionNotifications.Mode.OFF));

        notifier.onEvent(detection("alice", null)); // mode off: no mail
        notifier.onEvent(new MamoriEvent.ComponentChanged(Instant.parse("2026-01-01T10:00:00Z"), "signatures",
                "2026.01.01", "failed", "download failed: HTTP 503"));
        notifier.onEvent(new MamoriEvent.ComponentChanged(Instant.now(), "signatures", "2026.01.02", "installed", null));
        notifier.onEvent(new MamoriEvent.SystemAlert(Instant.parse("2026-01-01T10:05:00Z"), "upstream-unreachable",
                "warning", "upstream pop.example.net:995 has been unreachable since 2026-01-01T09:50:00Z"));
        awaitTrue(() -> notifier.sent() == 2);
        assertThat(greenMail.getReceivedMessages()).hasSize(4); // two mails, two recipients each
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            subjects.add(m.getSubject());
        }
        assertThat(subjects).containsOnly("[Mamori gw1] update of signatures failed",
                "[Mamori gw1] warning: upstream pop.example.net:995 has been unreachable since 2026-01-01T09:50:00Z");
        String failedBody = GreenMailUtil.getBody(greenMail.getReceivedMessages()[0]);
        assertThat(failedBody).contains("download failed: HTTP 503", "version 2026.01.01");

        // a wrong password is refused by the server: counted, nothing delivered
        Files.writeString(pw, "wrong\n");
        notifier.onEvent(new MamoriEvent.SystemAlert(Instant.now(), "disk-low", "warning", "disk nearly full"));
        awaitTrue(() -> notifier.failed() == 1);
        assertThat(greenMail.getReceivedMessages()).hasSize(4);
    }

    @Test
    void aServerThatIsDownIsCountedAndNeverBlocksTheCaller() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        start(settings(port, null, null, DetectionNotifications.Mode.EACH));
        for (int i = 0; i < 3; i++) {
            notifier.onEvent(detection("alice", null)); // returns at once: sending is on the notifier's thread
        }
        awaitTrue(() -> notifier.failed() == 3);
        assertThat(notifier.sent()).isZero();
    }

    @Test
    void starttlsIsRequiredNotOptional() throws Exception {
        // GreenMail's SMTP does not offer STARTTLS: the mail must fail, not go out in plain text
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        NotificationSettings s = new NotificationSettings(new SmtpServerSettings("127.0.0.1",
                greenMail.getSmtp().getPort(), ClientTls.STARTTLS, null, null), "mamori@example.org",
                List.of("admin@example.org"), new DetectionNotifications(DetectionNotifications.Mode.EACH, null), null);
        start(s);
        notifier.onEvent(detection("alice", null));
        awaitTrue(() -> notifier.failed() == 1);
        assertThat(notifier.sent()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SmtpMailSender(s, List.of(), Duration.ofSeconds(20))
                .send("x", "y")).hasMessageContaining("STARTTLS");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void implicitTlsToAnUntrustedServerFailsInsteadOfSendingUnverified() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
        greenMail.start();
        NotificationSettings s = new NotificationSettings(new SmtpServerSettings("127.0.0.1",
                greenMail.getSmtps().getPort(), ClientTls.IMPLICIT, null, null), "mamori@example.org",
                List.of("admin@example.org"), new DetectionNotifications(DetectionNotifications.Mode.EACH, null), null);
        start(s);
        notifier.onEvent(detection("alice", null));
        awaitTrue(() -> notifier.failed() == 1);
        // refused for the certificate, not for anything else
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SmtpMailSender(s, List.of(), Duration.ofSeconds(20))
                .send("x", "y")).rootCause().isInstanceOf(java.security.cert.CertPathBuilderException.class);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void implicitTlsToAServerTrustedThroughExtraCaFilesDelivers() throws Exception {
        var cert = dev.mamori.core.tls.SelfSignedCertificate.generate("smtp.test", List.of("localhost"),
                List.of("127.0.0.1"), Duration.ofDays(1));
        Path ca = Files.writeString(dir.resolve("ca.pem"), dev.mamori.core.tls.Pem.encodeCertificate(cert.certificate()));
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("greenmail", cert.keyPair().getPrivate(), "pw".toCharArray(),
                new java.security.cert.Certificate[]{cert.certificate()});
        Path keystore = dir.resolve("server.p12");
        try (var out = Files.newOutputStream(keystore)) {
            ks.store(out, "pw".toCharArray());
        }
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", "pw");
        System.setProperty("greenmail.tls.key.password", "pw");
        try {
            greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort())
                    .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            greenMail.start();
        } finally {
            System.clearProperty("greenmail.tls.keystore.file");
            System.clearProperty("greenmail.tls.keystore.password");
            System.clearProperty("greenmail.tls.key.password");
        }
        NotificationSettings s = new NotificationSettings(new SmtpServerSettings("127.0.0.1",
                greenMail.getSmtps().getPort(), ClientTls.IMPLICIT, null, null), "mamori@example.org",
                List.of("admin@example.org"), new DetectionNotifications(DetectionNotifications.Mode.EACH, null), null);
        SmtpMailSender sender = new SmtpMailSender(s, List.of(ca), Duration.ofSeconds(20));
        org.assertj.core.api.Assertions.assertThatCode(() -> sender.send("verified", "over TLS")).doesNotThrowAnyException();
        assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();
        assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("verified");
    }

    @Test
    void digestCoalescesDetectionsAndSendsAtMostOncePerInterval() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
        List<String[]> mails = new java.util.concurrent.CopyOnWriteArrayList<>();
        NotificationSettings s = settings(25, null, null, DetectionNotifications.Mode.DIGEST);
        notifier = new Notifier(s, (subject, body) -> mails.add(new String[]{subject, body}), clock, "gw1");

        notifier.tick(); // nothing pending: nothing sent
        notifier.onEvent(detection("alice", "q-1"));
        notifier.tick(); // the first detection after a quiet time goes out at the next tick
        awaitTrue(() -> mails.size() == 1);
        assertThat(mails.get(0)[0]).isEqualTo("[Mamori gw1] 1 detection(s)");
        assertThat(mails.get(0)[1]).contains("alice", "Eicar-Test-Signature", "quarantine q-1", "at most every 15m");

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(2));
            notifier.onEvent(detection("user" + i, null));
            notifier.tick(); // within 15 minutes of the last digest: collected, not sent
        }
        assertThat(mails).hasSize(1);
        clock.advance(Duration.ofMinutes(5)); // 15 minutes since the first digest
        notifier.tick();
        awaitTrue(() -> mails.size() == 2);
        assertThat(mails.get(1)[0]).isEqualTo("[Mamori gw1] 5 detection(s)");
        assertThat(mails.get(1)[1]).contains("user0", "user4");
        notifier.tick();
        clock.advance(Duration.ofHours(1));
        notifier.tick();
        assertThat(mails).hasSize(2);

        // more than the list limit: listed up to the limit, the rest counted
        for (int i = 0; i < Notifier.DIGEST_LIST_LIMIT + 7; i++) {
            notifier.onEvent(detection("bulk" + i, null));
        }
        notifier.close(); // at shutdown the collected digest is sent, whatever the interval
        notifier = null;
        assertThat(mails).hasSize(3);
        assertThat(mails.get(2)[0]).isEqualTo("[Mamori gw1] " + (Notifier.DIGEST_LIST_LIMIT + 7) + " detection(s)");
        assertThat(mails.get(2)[1]).contains("... and 7 more");
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
