package dev.mamori.pop3.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.UpstreamRule;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.net.Cidr;
import dev.mamori.core.net.PortRange;
import dev.mamori.core.tls.Pem;
import dev.mamori.core.tls.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mamori's upstream TLS against GreenMail's POP3S with a certificate made for the test: a trusted certificate works,
 * an untrusted one or one for another name is refused with a clear error, and the password is never sent.
 */
@Timeout(60)
class Pop3ProxyUpstreamTlsTest {
    private static Path pki;
    private static Path caPem;
    private static GreenMail greenMail;
    private static int port;

    @TempDir
    Path dataDir;
    private ProxyHarness mamori;

    @BeforeAll
    static void startPop3s() throws Exception {
        pki = Files.createTempDirectory("mamori-pki");
        // The upstream's certificate names 127.0.0.1 only: connecting by IP verifies, "localhost" must not.
        SelfSignedCertificate.Generated cert = SelfSignedCertificate.generate("upstream-test", List.of(),
                List.of("127.0.0.1"), Duration.ofDays(2));
        caPem = pki.resolve("upstream.pem");
        Files.writeString(caPem, Pem.encodeCertificate(cert.certificate()));
        Path p12 = pki.resolve("upstream.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("greenmail", cert.keyPair().getPrivate(), "changeit".toCharArray(), new Certificate[]{cert.certificate()});
        try (OutputStream out = Files.newOutputStream(p12)) {
            ks.store(out, "changeit".toCharArray());
        }
        System.setProperty("greenmail.tls.keystore.file", p12.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3S).dynamicPort());
        greenMail.start();
        port = greenMail.getPop3s().getPort();
        greenMail.setUser("alice@example.com", "alice", "s3cret-pw")
                .deliver(GreenMailUtil.newMimeMessage("Subject: over TLS\r\n\r\nsecret body\r\n"));
    }

    @AfterAll
    static void stopPop3s() {
        greenMail.stop();
        System.clearProperty("greenmail.tls.keystore.file");
        System.clearProperty("greenmail.tls.keystore.password");
        System.clearProperty("greenmail.tls.key.password");
    }

    @AfterEach
    void stopMamori() {
        if (mamori != null) {
            mamori.close();
        }
    }

    private ProxyHarness.Builder mamoriWithImplicitTlsTo(boolean trustTestCa) {
        ProxyHarness.Builder b = ProxyHarness.builder(dataDir).generic(ClientTls.NONE)
                .rule(new UpstreamRule(List.of("127.0.0.1", "localhost"), List.of(PortRange.of(port)),
                        List.of(Cidr.parse("127.0.0.1/32")), UpstreamTls.REQUIRED));
        if (trustTestCa) {
            b.extraCa(caPem);
        }
        return b.implicitTlsPort(port);
    }

    @Test
    void retrievesThroughAVerifiedImplicitTlsUpstream() throws Exception {
        mamori = mamoriWithImplicitTlsTo(true).start();
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.command("USER alice#127.0.0.1:" + port)).startsWith("+OK");
            assertThat(c.command("PASS s3cret-pw")).startsWith("+OK");
            assertThat(new String(c.multi("RETR 1"))).contains("secret body");
        }
    }

    @Test
    void refusesAnUntrustedUpstreamCertificate() throws Exception {
        mamori = mamoriWithImplicitTlsTo(false).start();
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.command("USER alice#127.0.0.1:" + port)).startsWith("-ERR [SYS/PERM]")
                    .contains("certificate not trusted");
        }
    }

    @Test
    void refusesACertificateForAnotherName() throws Exception {
        mamori = mamoriWithImplicitTlsTo(true).start();
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.command("USER alice#localhost:" + port)).startsWith("-ERR [SYS/PERM]")
                    .contains("does not match the host name");
        }
    }
}
