package dev.mamori.core.component.update;

import dev.mamori.core.component.ComponentKind;
import dev.mamori.core.component.ComponentVersion;
import dev.mamori.core.component.bundle.BundleException;
import dev.mamori.core.component.bundle.BundleReader;
import dev.mamori.core.component.bundle.Manifest;
import dev.mamori.core.component.bundle.TrustedKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The component files in the data directory:
 * <pre>
 * components/
 *   staging/                          downloads and unpacking in progress (emptied at start)
 *   index.json, index.sig             the last accepted index, exactly as signed (served by the relay)
 *   index-issued                      its issue time: older indexes are refused
 *   NAME/current                      the version in use (written to a temporary file, then renamed)
 *   NAME/pinned                       present after a rollback: scheduled checks leave the component alone
 *   NAME/VERSION/NAME-VERSION.bundle  the signed bundle as downloaded
 *   NAME/VERSION/payload/             its files, unpacked and verified
 * </pre>
 */
public final class InstalledComponents {
    private final Path root;

    public InstalledComponents(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path staging() {
        return root.resolve("staging");
    }

    public void init() throws IOException {
        Files.createDirectories(root);
        Path staging = staging();
        if (Files.exists(staging)) {
            deleteTree(staging);
        }
        Files.createDirectories(staging);
    }

    public Path versionDir(ComponentKind kind, ComponentVersion v) {
        return root.resolve(kind.id()).resolve(v.toString());
    }

    public Path payloadDir(ComponentKind kind, ComponentVersion v) {
        return versionDir(kind, v).resolve("payload");
    }

    /** The bundle file of an installed version (the only {@code .bundle} file in its directory). */
    public Optional<Path> bundle(ComponentKind kind, ComponentVersion v) throws IOException {
        Path dir = versionDir(kind, v);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.bundle")) {
            for (Path p : s) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public Optional<ComponentVersion> current(ComponentKind kind) throws IOException {
        return readVersion(root.resolve(kind.id()).resolve("current"));
    }

    public Optional<ComponentVersion> pinned(ComponentKind kind) throws IOException {
        return readVersion(root.resolve(kind.id()).resolve("pinned"));
    }

    private static Optional<ComponentVersion> readVersion(Path f) throws IOException {
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        String t = Files.readString(f, StandardCharsets.US_ASCII).strip();
        try {
            return Optional.of(ComponentVersion.parse(t));
        } catch (IllegalArgumentException e) {
            throw new IOException(f + ": " + e.getMessage());
        }
    }

    public void setCurrent(ComponentKind kind, ComponentVersion v) throws IOException {
        writeAtomically(root.resolve(kind.id()).resolve("current"), v.toString());
    }

    public void pin(ComponentKind kind, ComponentVersion v) throws IOException {
        writeAtomically(root.resolve(kind.id()).resolve("pinned"), v.toString());
    }

    public void unpin(ComponentKind kind) throws IOException {
        Files.deleteIfExists(root.resolve(kind.id()).resolve("pinned"));
    }

    /** Installed versions (directories holding a bundle), newest first. */
    public List<ComponentVersion> versions(ComponentKind kind) throws IOException {
        Path dir = root.resolve(kind.id());
        List<ComponentVersion> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (ComponentVersion.isValid(name) && bundle(kind, ComponentVersion.parse(name)).isPresent()) {
                    out.add(ComponentVersion.parse(name));
                }
            }
        }
        out.sort(Comparator.reverseOrder());
        return out;
    }

    /**
     * Verifies an installed version again: the bundle's signature and hashes, the name and version it claims, and
     * the unpacked files against its manifest. Returns the payload files.
     */
    public List<Path> verify(ComponentKind kind, ComponentVersion v, TrustedKeys keys, long maxSize)
            throws BundleException, IOException {
        Path bundle = bundle(kind, v).orElseThrow(() -> new BundleException("version " + v + " is not installed"));
        Manifest m = BundleReader.verify(bundle, keys, maxSize);
        if (!m.component().equals(kind.id()) || !m.parsedVersion().equals(v)) {
            throw new BundleException("installed bundle " + bundle.getFileName() + " holds " + m.component() + " " + m.version());
        }
        Path payload = payloadDir(kind, v);
        BundleReader.checkExtracted(payload, m);
        return m.files().stream().map(f -> payload.resolve(f.name())).toList();
    }

    /** Moves a verified download and its unpacked payload into place. */
    public void install(ComponentKind kind, ComponentVersion v, Path stagedBundle, String bundleName, Path stagedPayload)
            throws IOException {
        Path dir = versionDir(kind, v);
        if (Files.exists(dir)) {
            deleteTree(dir); // a left-over of an interrupted install or an older copy of the same version
        }
        Files.createDirectories(dir);
        move(stagedPayload, dir.resolve("payload"));
        move(stagedBundle, dir.resolve(bundleName));
    }

    /** Deletes versions beyond the newest {@code keep}, never the current or pinned one. */
    public List<ComponentVersion> prune(ComponentKind kind, int keep) throws IOException {
        List<ComponentVersion> all = versions(kind);
        Optional<ComponentVersion> current = current(kind);
        Optional<ComponentVersion> pinned = pinned(kind);
        List<ComponentVersion> removed = new ArrayList<>();
        for (int i = keep; i < all.size(); i++) {
            ComponentVersion v = all.get(i);
            if (current.map(v::equals).orElse(false) || pinned.map(v::equals).orElse(false)) {
                continue;
            }
            deleteTree(versionDir(kind, v));
            removed.add(v);
        }
        return removed;
    }

    public Optional<Instant> lastIndexIssued() throws IOException {
        Path f = root.resolve("index-issued");
        return Files.exists(f) ? Optional.of(Instant.parse(Files.readString(f).strip())) : Optional.empty();
    }

    public void saveIndex(byte[] json, byte[] sig, Instant issued) throws IOException {
        writeAtomically(root.resolve("index.json"), json);
        writeAtomically(root.resolve("index.sig"), sig);
        writeAtomically(root.resolve("index-issued"), issued.toString());
    }

    static void writeAtomically(Path file, String text) throws IOException {
        writeAtomically(file, text.getBytes(StandardCharsets.US_ASCII));
    }

    static void writeAtomically(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, data);
        move(tmp, file);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
