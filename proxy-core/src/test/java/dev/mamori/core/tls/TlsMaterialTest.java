package dev.mamori.core.tls;

import dev.mamori.core.config.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509TrustManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class TlsMaterialTest {
    @TempDir
    Path dataDir;

    @Test
    void generatesASelfSignedCertificateOnceAndReusesIt() throws Exception {
        TlsMaterial first = TlsMaterial.load(TlsSettings.defaults(), List.of(), dataDir, true, "mamori.test");
        Path cert = dataDir.resolve("tls/mamori-selfsigned.crt");
        Path key = dataDir.resolve("tls/mamori-selfsigned.key");
        assertThat(cert).isRegularFile();
        assertThat(key).isRegularFile();
        assertThat(first.serverContext()).isNotNull();
        assertThat(first.serverFingerprint()).isEqualTo(Pem.fingerprint(Pem.readCertificates(cert).getFirst()));
        byte[] certBytes = Files.readAllBytes(cert);
        byte[] keyBytes = Files.readAllBytes(key);

        TlsMaterial second = TlsMaterial.load(TlsSettings.defaults(), List.of(), dataDir, true, "mamori.test");
        assertThat(second.serverFingerprint()).isEqualTo(first.serverFingerprint());
        assertThat(Files.readAllBytes(cert)).isEqualTo(certBytes);
        assertThat(Files.readAllBytes(key)).isEqualTo(keyBytes);
    }

    @Test
    void privateKeyIsReadableByTheOwnerOnly() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        TlsMaterial.load(TlsSettings.defaults(), List.of(), dataDir, true, "mamori.test");
        Path key = dataDir.resolve("tls/mamori-selfsigned.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void generatedKeyMatchesTheCertificate() throws Exception {
        TlsMaterial.load(TlsSettings.defaults(), List.of(), dataDir, true, "mamori.test");
        X509Certificate cert = Pem.readCertificates(dataDir.resolve("tls/mamori-selfsigned.crt")).getFirst();
        String pem = Files.readString(dataDir.resolve("tls/mamori-selfsigned.key"), StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        assertThat(priv.getModulus()).isEqualTo(((RSAPublicKey) cert.getPublicKey()).getModulus());
    }

    @Test
    void generatedCertificateNamesTheInstanceAndLoopback() throws Exception {
        TlsMaterial.load(TlsSettings.defaults(), List.of(), dataDir, true, "mail.example.net");
        X509Certificate cert = Pem.readCertificates(dataDir.resolve("tls/mamori-selfsigned.crt")).getFirst();
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(2, "mail.example.net"),
                List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    }

    @Test
    void serverContextWorks() throws Exception {
        TlsMaterial m = TlsMaterial.load(TlsSettings.defaults(), List.of(), dataDir, true, "mamori.test");
        SSLEngine engine = m.serverContext().newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT);
        assertThat(engine.getUseClientMode()).isFalse();
        assertThat(engine.getEnabledProtocols()).containsOnly("TLSv1.3", "TLSv1.2");
        SSLEngine client = m.clientContext().newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT, "pop.example.net", 995);
        assertThat(client.getUseClientMode()).isTrue();
        assertThat(client.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }

    @Test
    void noServerSideMeansNoCertificateAtAll() throws Exception {
        TlsMaterial m = TlsMaterial.load(TlsSettings.defaults(), List.of(), dataDir, false, "mamori.test");
        assertThat(m.serverContext()).isNull();
        assertThat(m.serverFingerprint()).isNull();
        assertThat(m.clientContext()).isNotNull();
        assertThat(dataDir.resolve("tls")).doesNotExist();
    }

    @Test
    void aConfiguredCertificateIsUsedAndNothingIsGenerated() throws Exception {
        SelfSignedCertificate.Generated g = SelfSignedCertificate.generate("operator.example.net",
                List.of("operator.example.net"), List.of(), Duration.ofDays(10));
        Path dir = Files.createDirectory(dataDir.resolve("operator"));
        Path cert = Files.writeString(dir.resolve("server.crt"), Pem.encodeCertificate(g.certificate()));
        Path key = Files.writeString(dir.resolve("server.key"), Pem.encodePrivateKey(g.keyPair().getPrivate()));

        TlsMaterial m = TlsMaterial.load(new TlsSettings(cert, key), List.of(), dataDir, true, "mamori.test");
        assertThat(m.serverFingerprint()).isEqualTo(Pem.fingerprint(g.certificate()));
        assertThat(dataDir.resolve("tls")).doesNotExist();
    }

    @Test
    void extraCaFilesAreTrustedBesideTheJdkDefaults() throws Exception {
        SelfSignedCertificate.Generated ca = SelfSignedCertificate.generate("Private CA", List.of("ca.example.net"),
                List.of(), Duration.ofDays(10));
        Path caFile = Files.writeString(dataDir.resolve("ca.pem"), Pem.encodeCertificate(ca.certificate()));

        X509TrustManager jdkOnly = TlsMaterial.trustManager(List.of());
        X509TrustManager withExtra = TlsMaterial.trustManager(List.of(caFile));
        assertThat(jdkOnly.getAcceptedIssuers()).doesNotContain(ca.certificate());
        assertThat(withExtra.getAcceptedIssuers()).contains(ca.certificate());
        assertThat(withExtra.getAcceptedIssuers().length).isEqualTo(jdkOnly.getAcceptedIssuers().length + 1);

        TlsMaterial m = TlsMaterial.load(TlsSettings.defaults(), List.of(caFile), dataDir, false, "mamori.test");
        assertThat(m.clientContext()).isNotNull();
    }
    @Test
    void aLeftoverKeyWithoutCertificateIsReplaced() throws Exception {
        Path tls = Files.createDirectories(dataDir.resolve("tls"));
        Files.writeString(tls.resolve("mamori-selfsigned.key"), "stale");
        TlsMaterial m = TlsMaterial.load(TlsSettings.defaults(), List.of(), dataDir, true, "mamori.test");
        assertThat(m.serverFingerprint()).isNotNull();
    }
}
