package dev.mamori.core.tls;

import dev.mamori.core.config.TlsSettings;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * TLS contexts for both hops. Client side (Mamori as server): the configured certificate, or a self-signed one kept
 * in the data directory. Upstream side (Mamori as client): the JDK trust store plus the configured extra CAs, with
 * host name verification always on.
 */
public final class TlsMaterial {
    private static final Logger LOG = LogManager.getLogger(TlsMaterial.class);
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SslContext serverContext;
    private final SslContext clientContext;
    private final String serverFingerprint;

    private TlsMaterial(SslContext serverContext, SslContext clientContext, String serverFingerprint) {
        this.serverContext = serverContext;
        this.clientContext = clientContext;
        this.serverFingerprint = serverFingerprint;
    }

    public static TlsMaterial load(TlsSettings settings, List<Path> extraCaFiles, Path dataDir, boolean serverSideNeeded,
                                   String instanceName) throws IOException, GeneralSecurityException {
        SslContext server = null;
        String fingerprint = null;
        if (serverSideNeeded) {
            Path cert = settings.certificate();
            Path key = settings.privateKey();
            if (cert == null) {
                Path dir = dataDir.resolve("tls");
                cert = dir.resolve("mamori-selfsigned.crt");
                key = dir.resolve("mamori-selfsigned.key");
                if (!Files.exists(cert) || !Files.exists(key)) {
                    writeSelfSigned(dir, cert, key, instanceName);
                    LOG.info("Generated a self-signed certificate for client connections: {}", cert);
                }
            }
            List<X509Certificate> chain = Pem.readCertificates(cert);
            fingerprint = Pem.fingerprint(chain.getFirst());
            LOG.info("Client-side TLS certificate {} (subject {}), SHA-256 fingerprint {}", cert,
                    chain.getFirst().getSubjectX500Principal().getName(), fingerprint);
            server = SslContextBuilder.forServer(cert.toFile(), key.toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .build();
        }
        SslContext client = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .trustManager(trustManager(extraCaFiles))
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
        return new TlsMaterial(server, client, fingerprint);
    }

    /**
     * Writes a new key and certificate. A pair is only useful whole, so a leftover half (a crash between the two
     * writes, or an operator deleting one file) is replaced; each file is written under a temporary name and moved
     * into place, so a crash never leaves a truncated key.
     */
    private static void writeSelfSigned(Path dir, Path cert, Path key, String name) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        SelfSignedCertificate.Generated g = SelfSignedCertificate.generate(name, List.of("localhost", name),
                List.of("127.0.0.1", "::1"), Duration.ofDays(825));
        writeAtomically(key, Pem.encodePrivateKey(g.keyPair().getPrivate()), true);
        writeAtomically(cert, Pem.encodeCertificate(g.certificate()), false);
    }

    private static void writeAtomically(Path file, String content, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp); // not a POSIX file system (Windows): the data directory's ACL protects it
            }
        }
        Files.writeString(tmp, content, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The JDK's default trust anchors plus every certificate in the extra CA files (also used by the updater). */
    public static X509TrustManager trustManager(List<Path> extraCaFiles) throws IOException, GeneralSecurityException {
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        if (extraCaFiles.isEmpty()) {
            return (X509TrustManager) defaults.getTrustManagers()[0];
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (X509Certificate c : ((X509TrustManager) defaults.getTrustManagers()[0]).getAcceptedIssuers()) {
            ks.setCertificateEntry("jdk-" + i++, c);
        }
        for (Path p : extraCaFiles) {
            for (X509Certificate c : Pem.readCertificates(p)) {
                ks.setCertificateEntry("extra-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    /** Null when no listener needs client-side TLS. */
    public SslContext serverContext() {
        return serverContext;
    }

    public SslContext clientContext() {
        return clientContext;
    }

    public String serverFingerprint() {
        return serverFingerprint;
    }
}
