package dev.mamori.core.component.bundle;

import dev.mamori.core.component.ComponentKind;
import dev.mamori.core.component.Publisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a bundle is safe against zip-slip, duplicates, oversized content and files the manifest does not list. */
class BundleReaderTest {
    @TempDir
    Path tmp;

    private TrustedKeys keys(Publisher p) {
        return TrustedKeys.of(List.of(p.key.getPublic()));
    }

    @Test
    void extractsExactlyTheSignedFiles() throws Exception {
        Publisher p = new Publisher(tmp.resolve("site"));
        Path b = p.bundle(ComponentKind.URL_BLOCKLIST, "2026.11.25.1");
        Manifest m = BundleReader.read(b, keys(p), 1 << 20, tmp.resolve("out"));
        assertThat(m.component()).isEqualTo("url-blocklist");
        assertThat(m.version()).isEqualTo("2026.11.25.1");
        try (var files = Files.list(tmp.resolve("out"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("blocklist.txt");
        }
        BundleReader.checkExtracted(tmp.resolve("out"), m);
    }

    @Test
    void duplicateEntryNamesAreRefused() throws Exception {
        Publisher p = new Publisher(tmp.resolve("site"));
        Path b = p.bundle(ComponentKind.VIRUS_PATTERNS, "1.0");
        // ZipOutputStream refuses duplicates, so write the archive twice over and splice a second central entry in
        Path dup = tmp.resolve("dup.bundle");
        writeWithDuplicate(b, dup, "test.ndb");
        assertThatThrownBy(() -> BundleReader.verify(dup, keys(p), 1 << 20))
                .hasMessageContaining("duplicate entry: 'test.ndb'");
    }

    @Test
    void unsafeNamesDirectoriesAndOversizeAreRefused() throws Exception {
        Publisher p = new Publisher(tmp.resolve("site"));
        Path b = p.bundle(ComponentKind.VIRUS_PATTERNS, "1.0");
        for (String bad : List.of("../x.ndb", "/etc/x.ndb", "sub/x.ndb", "..\\x.ndb", "dir/")) {
            Path copy = Files.copy(b, tmp.resolve("c" + Math.abs(bad.hashCode()) + ".bundle"));
            Publisher.rezip(copy, java.util.Map.of(), java.util.Map.of(bad, "X:0:*:41414141\n".getBytes()));
            assertThatThrownBy(() -> BundleReader.read(copy, keys(p), 1 << 20, tmp.resolve("o" + Math.abs(bad.hashCode()))))
                    .as(bad).hasMessageContaining("unsafe entry name");
            assertThat(tmp.resolve("o" + Math.abs(bad.hashCode()))).doesNotExist();
        }
        assertThatThrownBy(() -> BundleReader.verify(b, keys(p), 100)).hasMessageContaining("too large");
        // an entry that inflates beyond its signed size is cut off at that size
        Path big = Files.copy(b, tmp.resolve("big.bundle"));
        Publisher.rezip(big, java.util.Map.of("test.ndb", x -> new byte[10_000_000]), java.util.Map.of());
        assertThatThrownBy(() -> BundleReader.read(big, keys(p), 1 << 20, tmp.resolve("big-out")))
                .hasMessageContaining("hash mismatch: test.ndb is longer than its signed size");
        assertThat(tmp.resolve("big-out")).doesNotExist();
    }

    @Test
    void dataBeforeOrAfterTheArchiveIsRefused() throws Exception {
        Publisher p = new Publisher(tmp.resolve("site"));
        Path b = p.bundle(ComponentKind.VIRUS_PATTERNS, "1.0");
        byte[] good = Files.readAllBytes(b);
        Path after = tmp.resolve("after.bundle");
        Files.write(after, java.nio.ByteBuffer.allocate(good.length + 1).put(good).put((byte) 'x').array());
        assertThatThrownBy(() -> BundleReader.verify(after, keys(p), 1 << 20))
                .hasMessageContaining("does not end where the file ends");
        Path before = tmp.resolve("before.bundle");
        Files.write(before, java.nio.ByteBuffer.allocate(good.length + 2).put("MZ".getBytes()).put(good).array());
        assertThatThrownBy(() -> BundleReader.verify(before, keys(p), 1 << 20))
                .hasMessageContaining("not a zip archive (or data before it)");
        assertThat(BundleReader.verify(b, keys(p), 1 << 20).version()).isEqualTo("1.0");
    }

    /** Copies a zip and adds a second entry with the same name as an existing one (written by hand). */
    private static void writeWithDuplicate(Path src, Path dst, String name) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipFile z = new ZipFile(src.toFile()); ZipOutputStream zip = new ZipOutputStream(bos)) {
            for (var en = z.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                try (InputStream in = z.getInputStream(e)) {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    zip.write(in.readAllBytes());
                    zip.closeEntry();
                }
            }
            // same length name, rename afterwards in the bytes
            zip.putNextEntry(new ZipEntry(name.replace('t', 'T')));
            zip.write("Evil:0:*:41414141\n".getBytes());
            zip.closeEntry();
        }
        byte[] bytes = bos.toByteArray();
        byte[] from = name.replace('t', 'T').getBytes();
        byte[] to = name.getBytes();
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
            }
        }
        Files.write(dst, bytes);
    }
}
