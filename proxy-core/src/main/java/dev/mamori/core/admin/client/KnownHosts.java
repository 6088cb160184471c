package dev.mamori.core.admin.client;

import dev.mamori.core.admin.OwnerOnly;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Trust on first use: the first key seen for {@code host:port} is written to a file ({@code host:port fingerprint
 * key-type base64}, one server a line, default {@code ~/.mamori/known_hosts}); afterwards only that key is accepted.
 * A changed key is refused with both fingerprints named; the line must be removed by hand if the change is expected
 * (e.g. the server's data directory was recreated).
 */
public final class KnownHosts implements HostKeyVerifier {
    private final Path file;
    private final boolean trustNew;

    /** Pins unknown servers on first use. */
    public KnownHosts(Path file) {
        this(file, true);
    }

    /** {@code trustNew == false}: only servers already in the file are accepted. */
    public KnownHosts(Path file, boolean trustNew) {
        this.file = file;
        this.trustNew = trustNew;
    }

    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".mamori", "known_hosts");
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void verify(String host, int port, PublicKey key) throws HostKeyRejectedException {
        String name = host + ":" + port;
        String actual = HostKeyVerifier.fingerprint(key);
        try {
            for (String line : lines()) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].equals(name)) {
                    if (f[1].equals(actual)) {
                        return;
                    }
                    throw new HostKeyRejectedException("HOST KEY CHANGED for " + name + ": the server presents "
                            + actual + " but " + file + " pins " + f[1]
                            + ". Refusing to connect; if the change is expected, remove the line for " + name
                            + " from " + file + ".");
                }
            }
            if (!trustNew) {
                throw new HostKeyRejectedException("unknown host key " + actual + " for " + name + " (not in " + file
                        + ")");
            }
            append(name + " " + actual + " " + PublicKeyEntry.toString(key));
        } catch (IOException e) {
            if (e instanceof HostKeyRejectedException r) {
                throw r;
            }
            throw new HostKeyRejectedException("cannot use the known hosts file " + file + ": " + e.getMessage());
        }
    }

    /** The pinned fingerprint of {@code host:port}, or null. */
    public synchronized String pinned(String host, int port) {
        try {
            for (String line : lines()) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].equals(host + ":" + port)) {
                    return f[1];
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private void append(String line) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
            OwnerOnly.restrictDirectory(dir);
        }
        List<String> all = new ArrayList<>(lines());
        all.add(line);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        OwnerOnly.writeNew(tmp, (String.join("\n", all) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
