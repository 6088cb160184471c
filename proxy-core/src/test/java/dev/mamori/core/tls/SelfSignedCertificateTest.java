package dev.mamori.core.tls;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SelfSignedCertificateTest {
    private static final int DNS = 2;
    private static final int IP = 7;
    private static SelfSignedCertificate.Generated generated;
    private static Instant generatedAt;

    @BeforeAll
    static void generate() throws GeneralSecurityException {
        generatedAt = Instant.now();
        generated = SelfSignedCertificate.generate("mamori.test", List.of("localhost", "mail.example.net"),
                List.of("127.0.0.1", "::1", "192.0.2.7"), Duration.ofDays(30));
    }

    @Test
    void subjectAlternativeNamesAreTheOnesAskedFor() throws Exception {
        Collection<List<?>> sans = generated.certificate().getSubjectAlternativeNames();
        assertThat(sans).containsExactlyInAnyOrder(
                List.of(DNS, "localhost"), List.of(DNS, "mail.example.net"),
                List.of(IP, "127.0.0.1"), List.of(IP, "0:0:0:0:0:0:0:1"), List.of(IP, "192.0.2.7"));
    }

    @Test
    void selfSignedLeafForServerAuthentication() throws Exception {
        X509Certificate cert = generated.certificate();
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=mamori.test");
        cert.verify(generated.keyPair().getPublic()); // throws if not signed by its own key
        assertThat(cert.getPublicKey()).isEqualTo(generated.keyPair().getPublic());
        assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(cert.getSerialNumber().signum()).isPositive();
    }

    @Test
    void validFromYesterdayForTheRequestedPeriod() {
        X509Certificate cert = generated.certificate();
        assertThat(cert.getNotBefore().toInstant()).isCloseTo(generatedAt.minus(Duration.ofDays(1)), within(Duration.ofMinutes(1)));
        assertThat(cert.getNotAfter().toInstant()).isCloseTo(generatedAt.plus(Duration.ofDays(30)), within(Duration.ofMinutes(1)));
    }

    @Test
    void pemRoundTrip() throws Exception {
        String pem = Pem.encodeCertificate(generated.certificate());
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(Pem.parseCertificate(pem)).isEqualTo(generated.certificate());
        assertThat(Pem.fingerprint(generated.certificate())).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }
}
