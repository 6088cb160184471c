package dev.mamori.core.component.bundle;

import dev.mamori.core.component.ComponentKind;
import dev.mamori.core.component.ComponentVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds {@code NAME-VERSION.bundle}: the manifest, its signature and the payload files in one zip archive. The
 * signature travels inside the archive (one file to copy, serve and keep; the manifest it covers is stored as exact
 * bytes, never re-serialised, and pins every other entry), so a bundle cannot lose its signature on the way.
 */
public final class BundleWriter {
    private BundleWriter() {
    }

    public static String fileName(String component, String version) {
        return component + "-" + version + ".bundle";
    }

    /**
     * Writes the bundle into {@code outDir} and returns its path. The payload is every regular file directly in
     * {@code fromDir} (sorted by name); callers validate it with {@code PayloadCheck} first.
     */
    public static Path write(ComponentKind kind, ComponentVersion version, ComponentVersion minEngine, Instant created,
                             List<Path> payload, PrivateKey key, PublicKey publicKey, Path outDir)
            throws IOException, GeneralSecurityException {
        List<Manifest.FileEntry> files = new ArrayList<>();
        for (Path p : payload) {
            String name = p.getFileName().toString();
            if (!Manifest.FILE_NAME_SYNTAX.matcher(name).matches()) {
                throw new IOException("file name '" + name + "' is not allowed in a bundle (letters, digits, '.', '_', '-')");
            }
            files.add(new Manifest.FileEntry(name, Files.size(p), Hashing.sha256Hex(p)));
        }
        Manifest m = new Manifest(Manifest.FORMAT, kind.id(), version.toString(), created.toString(), minEngine.toString(),
                files);
        byte[] manifest = m.toJson();
        byte[] sig = DetachedSignature.sign(manifest, key, publicKey).encode();
        Files.createDirectories(outDir);
        Path out = outDir.resolve(fileName(kind.id(), version.toString()));
        Path tmp = outDir.resolve(out.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
            put(zip, Manifest.FILE_NAME, manifest);
            put(zip, Manifest.SIGNATURE_NAME, sig);
            for (Path p : payload) {
                zip.putNextEntry(new ZipEntry(p.getFileName().toString()));
                Files.copy(p, zip);
                zip.closeEntry();
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return out;
    }

    static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }
}
