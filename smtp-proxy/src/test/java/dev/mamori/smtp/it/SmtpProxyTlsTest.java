package dev.mamori.smtp.it;

import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.tls.Pem;
import dev.mamori.core.tls.SelfSignedCertificate;
import dev.mamori.smtp.TestMessages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** STARTTLS on both hops with certificate verification, AUTH over TLS, and no mail in clear when TLS is required. */
class SmtpProxyTlsTest {
    static Path pki;
    static Path caPem;
    static SSLContext upstreamTls;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void pki() throws Exception {
        pki = Files.createTempDirectory("mamori-smtp-pki");
        // names 127.0.0.1 only: Mamori connects by IP and must verify it
        SelfSignedCertificate.Generated cert = SelfSignedCertificate.generate("smtp-upstream-test", List.of(),
                List.of("127.0.0.1"), Duration.ofDays(2));
        caPem = pki.resolve("upstream.pem");
        Files.writeString(caPem, Pem.encodeCertificate(cert.certificate()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("upstream", cert.keyPair().getPrivate(), "pw".toCharArray(), new Certificate[]{cert.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        upstreamTls = SSLContext.getInstance("TLS");
        upstreamTls.init(kmf.getKeyManagers(), null, null);
    }

    @AfterAll
    static void clean() throws Exception {
        Files.deleteIfExists(caPem);
        Files.deleteIfExists(pki);
    }

    /** Trusts exactly Mamori's generated certificate. */
    private SSLContext trustMamori() throws Exception {
        List<X509Certificate> chain = Pem.readCertificates(dataDir.resolve("tls/mamori-selfsigned.crt"));
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("mamori", chain.getFirst());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    @Test
    void starttlsOnBothHopsWithAuthAndExactBytes() throws Exception {
        try (ScriptedSmtpServer up = new ScriptedSmtpServer(upstreamTls, List.of("STARTTLS", "AUTH PLAIN LOGIN", "PIPELINING"));
             SmtpHarness h = new SmtpHarness(dataDir, List.of(caPem),
                     SmtpHarness.listener(ClientTls.STARTTLS, UpstreamTls.REQUIRED, up.port()));
             RawSmtpClient c = new RawSmtpClient(h.address())) {
            assertThat(c.reply()).startsWith("220 ");
            String plainEhlo = c.cmd("EHLO it.example");
            assertThat(plainEhlo).contains("STARTTLS").doesNotContain("AUTH").doesNotContain("PIPELINING");
            assertThat(c.cmd("STARTTLS")).startsWith("220 2.0.0");
            c.startTls(trustMamori(), "127.0.0.1");
            String tlsEhlo = c.cmd("EHLO it.example");
            assertThat(tlsEhlo).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
            String b64 = Base64.getEncoder().encodeToString("\0dave\0pw-dave".getBytes(StandardCharsets.UTF_8));
            assertThat(c.cmd("AUTH PLAIN " + b64)).startsWith("235 ");
            assertThat(c.cmd("MAIL FROM:<dave@example.net>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<alice@example.com>")).startsWith("250");
            assertThat(c.cmd("DATA")).startsWith("354");
            String content = TestMessages.clean("over tls");
            c.send(TestMessages.stuffed(content));
            assertThat(c.reply()).isEqualTo("250 2.0.0 Ok: queued as Q1\r\n");
            c.cmd("QUIT");
            ScriptedSmtpServer.Received got = up.messages.getFirst();
            assertThat(got.tls()).isTrue();
            assertThat(got.commands()).contains("STARTTLS", "AUTH PLAIN " + b64);
            assertThat(got.commands().indexOf("STARTTLS")).isLessThan(got.commands().indexOf("AUTH PLAIN " + b64));
            String wire = new String(got.wire(), StandardCharsets.UTF_8);
            String stuffed = TestMessages.stuffed(content);
            String body = stuffed.substring(0, stuffed.length() - 3);
            assertThat(wire).endsWith(body);
            String added = wire.substring(0, wire.length() - body.length());
            assertThat(added).startsWith("Received: from it.example ([127.0.0.1])\r\n\tby mamori-it (Mamori) with ESMTPSA id ")
                    .endsWith("X-Mamori-Status: clean\r\n");
        }
    }

    @Test
    void commandsPipelinedAfterStarttlsAreDiscarded() throws Exception {
        try (ScriptedSmtpServer up = new ScriptedSmtpServer(upstreamTls, List.of("STARTTLS"));
             SmtpHarness h = new SmtpHarness(dataDir, List.of(caPem),
                     SmtpHarness.listener(ClientTls.STARTTLS, UpstreamTls.REQUIRED, up.port()));
             RawSmtpClient c = new RawSmtpClient(h.address())) {
            assertThat(c.reply()).startsWith("220 ");
            c.cmd("EHLO it.example");
            c.send("STARTTLS\r\nMAIL FROM:<injected@example.net>\r\n");
            assertThat(c.reply()).startsWith("220 2.0.0");
            c.startTls(trustMamori(), "127.0.0.1"); // a plain-text reply to the injected line would break the handshake
            assertThat(c.cmd("EHLO it.example")).startsWith("250-");
            assertThat(c.cmd("RCPT TO:<alice@example.com>")).as("no MAIL was taken from before TLS").startsWith("503 5.5.1");
            assertThat(up.commands).noneMatch(l -> l.contains("injected"));
        }
    }

    @Test
    void implicitTlsListener() throws Exception {
        try (ScriptedSmtpServer up = new ScriptedSmtpServer(upstreamTls, List.of("STARTTLS"));
             SmtpHarness h = new SmtpHarness(dataDir, List.of(caPem),
                     SmtpHarness.listener(ClientTls.IMPLICIT, UpstreamTls.REQUIRED, up.port()))) {
            SSLContext client = trustMamori();
            try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) client.getSocketFactory()
                    .createSocket(h.address().getAddress(), h.address().getPort())) {
                s.setSoTimeout(60_000);
                javax.net.ssl.SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.startHandshake();
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(in.readLine()).startsWith("220 mamori-it");
                s.getOutputStream().write("EHLO it.example\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                String line;
                StringBuilder ehlo = new StringBuilder();
                do {
                    line = in.readLine();
                    ehlo.append(line).append('\n');
                } while (line.charAt(3) == '-');
                assertThat(ehlo.toString()).startsWith("250-mamori-it").doesNotContain("STARTTLS");
            }
        }
    }

    @Test
    void requiredTlsNotOfferedMeans421AndNoMailInClear() throws Exception {
        try (ScriptedSmtpServer up = new ScriptedSmtpServer(upstreamTls, List.of("AUTH PLAIN"));
             SmtpHarness h = new SmtpHarness(dataDir, List.of(caPem),
                     SmtpHarness.listener(ClientTls.NONE, UpstreamTls.REQUIRED, up.port()));
             RawSmtpClient c = new RawSmtpClient(h.address())) {
            assertThat(c.reply()).startsWith("421 4.7.0 ");
            assertThat(up.commands).noneMatch(l -> l.startsWith("MAIL") || l.startsWith("AUTH"));
        }
    }

    @Test
    void untrustedUpstreamCertificateIsNeverUsedNorBypassed() throws Exception {
        try (ScriptedSmtpServer up = new ScriptedSmtpServer(upstreamTls, List.of("STARTTLS"));
             SmtpHarness h = new SmtpHarness(dataDir, List.of(), // no extra CA: the upstream's certificate is unknown
                     SmtpHarness.listener(ClientTls.NONE, UpstreamTls.OPPORTUNISTIC, up.port()));
             RawSmtpClient c = new RawSmtpClient(h.address())) {
            assertThat(c.reply()).startsWith("421 4.7.0 ");
            assertThat(up.commands).noneMatch(l -> l.startsWith("MAIL"));
        }
    }

    @Test
    void certificateForAnotherNameIsRefused() throws Exception {
        // the certificate names 127.0.0.1 only; the route names the host "localhost" (resolved off the event loop)
        try (ScriptedSmtpServer up = new ScriptedSmtpServer(upstreamTls, List.of("STARTTLS"));
             SmtpHarness h = new SmtpHarness(dataDir, List.of(caPem), new dev.mamori.core.config.SmtpListener("it",
                     dev.mamori.core.net.HostPort.parse("127.0.0.1:0"), ClientTls.NONE, false,
                     List.of(new dev.mamori.core.config.SmtpRoute("localhost", up.port(), 10)), UpstreamTls.REQUIRED,
                     false, false, List.of()));
             RawSmtpClient c = new RawSmtpClient(h.address())) {
            assertThat(c.reply()).startsWith("421 4.7.0 ");
            assertThat(up.commands).contains("STARTTLS").noneMatch(l -> l.startsWith("MAIL"));
        }
    }

    @Test
    void opportunisticWithoutStarttlsRelaysInClearButNeverOffersAuth() throws Exception {
        try (ScriptedSmtpServer up = new ScriptedSmtpServer(upstreamTls, List.of("AUTH PLAIN LOGIN"));
             SmtpHarness h = new SmtpHarness(dataDir, List.of(caPem),
                     SmtpHarness.listener(ClientTls.STARTTLS, UpstreamTls.OPPORTUNISTIC, up.port()));
             RawSmtpClient c = new RawSmtpClient(h.address())) {
            assertThat(c.reply()).startsWith("220 ");
            c.cmd("EHLO it.example");
            c.cmd("STARTTLS");
            c.startTls(trustMamori(), "127.0.0.1");
            assertThat(c.cmd("EHLO it.example")).doesNotContain("AUTH");
            assertThat(c.cmd("MAIL FROM:<x@example.net>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<alice@example.com>")).startsWith("250");
            assertThat(c.cmd("DATA")).startsWith("354");
            c.send(TestMessages.stuffed(TestMessages.clean("clear upstream")));
            assertThat(c.reply()).startsWith("250 ");
            assertThat(up.messages.getFirst().tls()).isFalse();
        }
    }
}
