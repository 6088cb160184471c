package dev.mamori.core.component.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Verifies a bundle ({@code NAME-VERSION.bundle}: a zip archive with {@code manifest.json}, {@code manifest.sig} and
 * the payload files at its top level) and optionally extracts its payload. Nothing in the archive is trusted before
 * the signature over the manifest is checked, and nothing is kept unless every check passes:
 * <ul>
 *   <li>archive size at most {@code maxSize}; entry names are plain file names (no {@code /}, {@code \}, {@code ..},
 *       no directories), so extraction cannot leave the target directory (zip-slip);</li>
 *   <li>no name twice; no entry that the manifest does not list (extra unsigned files); none missing;</li>
 *   <li>each file is read with a limit of its signed size (a declared size in the archive is not trusted) and must
 *       match the signed size and SHA-256.</li>
 * </ul>
 */
public final class BundleReader {
    static final int MAX_MANIFEST = 1 << 20;

    private BundleReader() {
    }

    /** Verifies without extracting. */
    public static Manifest verify(Path bundle, TrustedKeys keys, long maxSize) throws BundleException {
        return read(bundle, keys, maxSize, null);
    }

    /**
     * Verifies and extracts the payload into {@code target} (created; must not exist). On failure {@code target} is
     * removed again.
     */
    public static Manifest read(Path bundle, TrustedKeys keys, long maxSize, Path target) throws BundleException {
        try {
            long size = Files.size(bundle);
            if (size > maxSize) {
                throw new BundleException("too large: " + size + " bytes (updates.maxBundleSize is " + maxSize + ")");
            }
            checkFraming(bundle, size);
        } catch (IOException e) {
            throw new BundleException("cannot read " + bundle.getFileName() + ": " + e.getMessage(), e);
        }
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            Map<String, ZipEntry> entries = entries(zip);
            ZipEntry me = entries.get(Manifest.FILE_NAME);
            ZipEntry se = entries.get(Manifest.SIGNATURE_NAME);
            if (me == null || se == null) {
                throw new BundleException("wrong format: missing " + (me == null ? Manifest.FILE_NAME : Manifest.SIGNATURE_NAME));
            }
            byte[] manifestBytes = readLimited(zip, me, MAX_MANIFEST);
            DetachedSignature sig = DetachedSignature.parse(readLimited(zip, se, DetachedSignature.MAX_TEXT), Manifest.SIGNATURE_NAME);
            sig.verify(manifestBytes, keys, Manifest.FILE_NAME);
            Manifest manifest = Manifest.parse(manifestBytes);
            if (manifest.payloadSize() > maxSize) {
                throw new BundleException("too large: the payload is " + manifest.payloadSize()
                        + " bytes (updates.maxBundleSize is " + maxSize + ")");
            }
            Set<String> listed = new LinkedHashSet<>();
            manifest.files().forEach(f -> listed.add(f.name()));
            for (String name : entries.keySet()) {
                if (!name.equals(Manifest.FILE_NAME) && !name.equals(Manifest.SIGNATURE_NAME) && !listed.contains(name)) {
                    throw new BundleException("extra file: " + name + " is in the archive but not in the signed manifest");
                }
            }
            for (String name : listed) {
                if (!entries.containsKey(name)) {
                    throw new BundleException("missing file: " + name + " is in the signed manifest but not in the archive");
                }
            }
            if (target != null) {
                Files.createDirectories(target.getParent());
                Files.createDirectory(target);
            }
            try {
                for (Manifest.FileEntry f : manifest.files()) {
                    check(zip, entries.get(f.name()), f, target == null ? null : target.resolve(f.name()));
                }
            } catch (BundleException | IOException | RuntimeException e) {
                if (target != null) {
                    deleteTree(target);
                }
                throw e;
            }
            return manifest;
        } catch (ZipException e) {
            throw new BundleException("wrong format: not a readable zip archive (" + e.getMessage() + "); truncated?", e);
        } catch (IOException e) {
            throw new BundleException("cannot read " + bundle.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A bundle is exactly one zip archive as a zip writer makes it: a local file header first, the end record last and
     * no archive comment. Zip readers tolerate bytes before and after the archive (self-extractors, polyglot files);
     * a bundle has no reason to carry any, so they are refused rather than ignored.
     */
    private static void checkFraming(Path bundle, long size) throws IOException, BundleException {
        if (size < 22 + 30) {
            throw new BundleException("wrong format: " + size + " bytes is too short for a bundle; truncated?");
        }
        try (var ch = java.nio.channels.FileChannel.open(bundle)) {
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(head, 0);
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(tail, size - 22);
            if (head.getInt(0) != 0x04034b50) {
                throw new BundleException("wrong format: not a zip archive (or data before it)");
            }
            if (tail.getInt(0) != 0x06054b50 || tail.getShort(20) != 0) {
                throw new BundleException("wrong format: the zip archive does not end where the file ends "
                        + "(truncated, or data or a comment after it)");
            }
        }
    }

    private static Map<String, ZipEntry> entries(ZipFile zip) throws BundleException {
        Map<String, ZipEntry> byName = new HashMap<>();
        int n = 0;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            if (++n > Manifest.MAX_FILES + 2) {
                throw new BundleException("wrong format: more than " + (Manifest.MAX_FILES + 2) + " entries");
            }
            String name = e.getName();
            if (e.isDirectory() || !Manifest.FILE_NAME_SYNTAX.matcher(name).matches() || name.contains("..")) {
                throw new BundleException("unsafe entry name: '" + name + "' (only plain file names are allowed)");
            }
            if (byName.put(name, e) != null) {
                throw new BundleException("duplicate entry: '" + name + "' appears twice in the archive");
            }
        }
        return byName;
    }

    private static byte[] readLimited(ZipFile zip, ZipEntry e, int limit) throws IOException, BundleException {
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes(limit + 1);
            if (b.length > limit) {
                throw new BundleException("too large: " + e.getName() + " is over " + limit + " bytes");
            }
            return b;
        }
    }

    private static void check(ZipFile zip, ZipEntry e, Manifest.FileEntry f, Path out) throws IOException, BundleException {
        MessageDigest d = Hashing.sha256();
        long total = 0;
        try (InputStream in = zip.getInputStream(e);
             OutputStream os = out == null ? OutputStream.nullOutputStream() : Files.newOutputStream(out)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > f.size()) {
                    throw new BundleException("hash mismatch: " + f.name() + " is longer than its signed size " + f.size());
                }
                d.update(buf, 0, n);
                os.write(buf, 0, n);
            }
        }
        if (total != f.size()) {
            throw new BundleException("hash mismatch: " + f.name() + " is " + total + " bytes, signed size " + f.size());
        }
        String hex = HexFormat.of().formatHex(d.digest());
        if (!hex.equals(f.sha256())) {
            throw new BundleException("hash mismatch: " + f.name() + " has SHA-256 " + hex + ", signed " + f.sha256());
        }
    }

    /** Checks extracted files against a manifest again (at start): exactly the listed files, sizes and hashes. */
    public static void checkExtracted(Path dir, Manifest manifest) throws BundleException {
        try (var list = Files.list(dir)) {
            List<String> present = new ArrayList<>(list.map(p -> p.getFileName().toString()).sorted().toList());
            List<String> listed = manifest.files().stream().map(Manifest.FileEntry::name).sorted().toList();
            if (!present.equals(listed)) {
                throw new BundleException("installed files " + present + " differ from the manifest " + listed);
            }
            for (Manifest.FileEntry f : manifest.files()) {
                Path p = dir.resolve(f.name());
                if (Files.size(p) != f.size() || !Hashing.sha256Hex(p).equals(f.sha256())) {
                    throw new BundleException("hash mismatch: installed " + f.name() + " was changed");
                }
            }
        } catch (IOException e) {
            throw new BundleException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: a leftover staging directory is removed at the next start
        }
    }
}
