package dev.mamori.core.admin.server;

import dev.mamori.core.admin.OwnerOnly;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Iterator;

/**
 * The server's host key: ECDSA P-256, generated on first start into {@code <dataDir>/admin/host-key} (owner-only) and
 * reused afterwards, so clients that pinned its fingerprint keep trusting the server.
 */
final class HostKeys {
    static final String FILE_NAME = "host-key";

    private final KeyPairProvider provider;
    private final PublicKey publicKey;
    private final boolean generated;

    private HostKeys(KeyPairProvider provider, PublicKey publicKey, boolean generated) {
        this.provider = provider;
        this.publicKey = publicKey;
        this.generated = generated;
    }

    static HostKeys load(Path adminDir) throws IOException {
        Files.createDirectories(adminDir);
        OwnerOnly.restrictDirectory(adminDir);
        Path file = adminDir.resolve(FILE_NAME);
        boolean existed = Files.exists(file);
        SimpleGeneratorHostKeyProvider provider = new SimpleGeneratorHostKeyProvider(file);
        provider.setAlgorithm(KeyUtils.EC_ALGORITHM);
        provider.setKeySize(256);
        provider.setStrictFilePermissions(true);
        Iterator<KeyPair> keys = provider.loadKeys(null).iterator();
        if (!keys.hasNext()) {
            throw new IOException("host key " + file + " could not be generated or read");
        }
        if (Files.exists(file)) {
            OwnerOnly.restrictFile(file);
        }
        return new HostKeys(provider, keys.next().getPublic(), !existed);
    }

    KeyPairProvider provider() {
        return provider;
    }

    PublicKey publicKey() {
        return publicKey;
    }

    boolean generated() {
        return generated;
    }

    /** {@code SHA256:base64}, as OpenSSH prints it. */
    String fingerprint() {
        return KeyUtils.getFingerPrint(KeyUtils.getDefaultFingerPrintFactory(), publicKey);
    }
}
