package dev.mamori.core.notify;

import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.DetectionNotifications;
import dev.mamori.core.config.NotificationSettings;
import dev.mamori.core.config.SmtpServerSettings;
import dev.mamori.core.tls.Pem;
import dev.mamori.core.tls.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The STARTTLS path of notification mail against a small in-test server that offers STARTTLS (GreenMail does not):
 * the upgrade happens, the certificate is verified through {@code upstreams.extraCaFiles}, and the password is sent
 * only inside TLS.
 */
@Timeout(120)
class StartTlsNotifierTest {
    @TempDir
    Path dir;

    /** What the server saw: each command line with whether it came inside TLS, and the message bodies. */
    record Seen(String line, boolean tls) {
    }

    static final class StartTlsServer implements AutoCloseable {
        final ServerSocket server;
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();
        private final SSLContext tls;

        StartTlsServer(SSLContext tls) throws IOException {
            this.tls = tls;
            this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try (Socket plain = server.accept()) {
                Socket s = plain;
                boolean secure = false;
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                write(out, "220 starttls.test ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    seen.add(new Seen(line, secure));
                    String upper = line.toUpperCase(java.util.Locale.ROOT);
                    if (upper.startsWith("EHLO")) {
                        write(out, secure ? "250-starttls.test\r\n250 AUTH PLAIN LOGIN" : "250-starttls.test\r\n250 STARTTLS");
                    } else if (upper.equals("STARTTLS")) {
                        write(out, "220 2.0.0 go ahead");
                        SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, "127.0.0.1", s.getPort(), true);
                        t.setUseClientMode(false);
                        t.startHandshake();
                        s = t;
                        secure = true;
                        in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                        out = s.getOutputStream();
                    } else if (upper.startsWith("AUTH")) {
                        write(out, "235 2.7.0 ok");
                    } else if (upper.equals("DATA")) {
                        write(out, "354 go");
                        StringBuilder msg = new StringBuilder();
                        String l;
                        while ((l = in.readLine()) != null && !l.equals(".")) {
                            msg.append(l).append('\n');
                        }
                        messages.add(msg.toString());
                        write(out, "250 2.0.0 queued as T1");
                    } else if (upper.equals("QUIT")) {
                        write(out, "221 bye");
                        return;
                    } else {
                        write(out, "250 ok");
                    }
                }
            } catch (IOException e) {
                // the client went away; the test sees what arrived
            }
        }

        private static void write(OutputStream out, String reply) throws IOException {
            out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void starttlsUpgradesVerifiesTheCertificateAndAuthenticatesOnlyInsideTls() throws Exception {
        var cert = SelfSignedCertificate.generate("smtp.test", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
        Path ca = Files.writeString(dir.resolve("ca.pem"), Pem.encodeCertificate(cert.certificate()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", cert.keyPair().getPrivate(), "pw".toCharArray(),
                new java.security.cert.Certificate[]{cert.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        Path password = Files.writeString(dir.resolve("smtp.pw"), "n0tify-secret\n");

        try (StartTlsServer server = new StartTlsServer(tls)) {
            NotificationSettings s = new NotificationSettings(new SmtpServerSettings("127.0.0.1", server.port(),
                    ClientTls.STARTTLS, "mamori", password), "mamori@example.org", List.of("admin@example.org"),
                    new DetectionNotifications(DetectionNotifications.Mode.EACH, null), null);
            new SmtpMailSender(s, List.of(ca), Duration.ofSeconds(30)).send("over starttls", "verified and encrypted");

            assertThat(server.seen).extracting(Seen::line).contains("STARTTLS");
            assertThat(server.seen).filteredOn(x -> x.line().toUpperCase(java.util.Locale.ROOT).startsWith("AUTH"))
                    .isNotEmpty().allSatisfy(x -> assertThat(x.tls()).as("AUTH only inside TLS").isTrue());
            assertThat(server.seen).filteredOn(x -> x.line().toUpperCase(java.util.Locale.ROOT).startsWith("MAIL FROM"))
                    .singleElement().satisfies(x -> assertThat(x.tls()).isTrue());
            assertThat(server.seen).noneSatisfy(x -> assertThat(x.line()).contains("n0tify-secret"));
            assertThat(server.messages).singleElement().satisfies(m -> assertThat(m)
                    .contains("Subject: over starttls").contains("verified and encrypted"));
        }
    }

    @Test
    void starttlsWithACertificateNobodyVouchesForSendsNothing() throws Exception {
        var cert = SelfSignedCertificate.generate("smtp.test", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", cert.keyPair().getPrivate(), "pw".toCharArray(),
                new java.security.cert.Certificate[]{cert.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        try (StartTlsServer server = new StartTlsServer(tls)) {
            NotificationSettings s = new NotificationSettings(new SmtpServerSettings("127.0.0.1", server.port(),
                    ClientTls.STARTTLS, null, null), "mamori@example.org", List.of("admin@example.org"),
                    new DetectionNotifications(DetectionNotifications.Mode.EACH, null), null);
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    new SmtpMailSender(s, List.of(), Duration.ofSeconds(30)).send("x", "y")).isNotNull();
            assertThat(server.seen).noneSatisfy(x -> assertThat(x.line()).startsWithIgnoringCase("MAIL FROM"));
            assertThat(server.messages).isEmpty();
        }
    }
}
