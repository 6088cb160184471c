package dev.mamori.core.component;

import dev.mamori.core.component.bundle.BundleWriter;
import dev.mamori.core.component.bundle.Ed25519Keys;
import dev.mamori.core.component.bundle.UpdateIndex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** A publisher for tests: its own key, payloads generated at run time, bundles and a signed index in a directory. */
public final class Publisher {
    public final KeyPair key;
    public final Path dir;
    private Instant issued = Instant.parse("2026-01-01T00:00:00Z");

    public Publisher(Path dir) throws Exception {
        this.key = Ed25519Keys.generate();
        this.dir = dir;
        Files.createDirectories(dir);
    }

    public String trustedKey() {
        return Ed25519Keys.configValue(key.getPublic());
    }

    /** The marker text that the virus-patterns payload of {@code version} detects as {@code Mamori.Test.Marker}. */
    public static String marker(String version) {
        return "mamori-test-marker-" + version.replace('.', '-') + "-zqx";
    }

    /** A payload directory for a component; virus patterns detect {@link #marker}, lists block a host per version. */
    public static Path payload(Path base, ComponentKind kind, String version) throws IOException {
        Path d = base.resolve("payload-" + kind.id() + "-" + version + "-" + System.nanoTime());
        Files.createDirectories(d);
        switch (kind) {
            case VIRUS_PATTERNS -> Files.writeString(d.resolve("test.ndb"), "Mamori.Test.Marker:0:*:"
                    + HexFormat.of().formatHex(marker(version).getBytes(StandardCharsets.US_ASCII)) + "\n");
            case URL_BLOCKLIST -> Files.writeString(d.resolve("blocklist.txt"), "# test list " + version + "\n"
                    + "http://evil-" + version.replace('.', '-') + ".example/payload\nbad-host.example\n");
            case HEURISTIC_RULES -> Files.writeString(d.resolve("heuristics.rules"), "block-extension docm\n");
        }
        return d;
    }

    public Path bundle(ComponentKind kind, String version) throws Exception {
        return bundle(kind, version, payload(dir.resolveSibling(dir.getFileName() + "-work"), kind, version), key);
    }

    public Path bundle(ComponentKind kind, String version, Path payloadDir, KeyPair signer) throws Exception {
        List<Path> files;
        try (var s = Files.list(payloadDir)) {
            files = s.sorted().toList();
        }
        return BundleWriter.write(kind, ComponentVersion.parse(version), ComponentVersion.parse("1.0"),
                Instant.parse("2026-01-01T00:00:00Z"), files, signer.getPrivate(), signer.getPublic(), dir);
    }

    /** Signs a fresh index (a later issue time than the previous one) over the bundles in the directory. */
    public UpdateIndex index() throws Exception {
        issued = issued.plusSeconds(60);
        return UpdateIndex.writeFor(dir, key.getPrivate(), key.getPublic(), issued, 1L << 30);
    }

    /** Writes an index with explicit entries (for bundles that the publisher did not build), signed by this key. */
    public void indexOf(List<UpdateIndex.Entry> entries) throws Exception {
        issued = issued.plusSeconds(60);
        UpdateIndex index = new UpdateIndex(1, issued.toString(), entries);
        byte[] json = index.toJson();
        Files.write(dir.resolve(UpdateIndex.FILE_NAME), json);
        Files.write(dir.resolve(UpdateIndex.SIGNATURE_NAME),
                dev.mamori.core.component.bundle.DetachedSignature.sign(json, key.getPrivate(), key.getPublic()).encode());
    }

    /** Rewrites a bundle's entries (same order); {@code edit} maps name → new content, null removes the entry. */
    public static void rezip(Path bundle, Map<String, UnaryOperator<byte[]>> edits, Map<String, byte[]> extra) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(bundle.toFile())) {
            for (var en = z.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                try (InputStream in = z.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bos)) {
            for (var e : entries.entrySet()) {
                byte[] data = edits.containsKey(e.getKey()) ? edits.get(e.getKey()).apply(e.getValue()) : e.getValue();
                if (data != null) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(data);
                    zip.closeEntry();
                }
            }
            for (var e : extra.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Files.write(bundle, bos.toByteArray());
    }

    public static byte[] flipLastByte(byte[] b) {
        byte[] c = b.clone();
        c[c.length - 2] ^= 0x01;
        return c;
    }
}
