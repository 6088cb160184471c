package dev.mamori.core.scan.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static dev.mamori.core.scan.content.Archives.entries;
import static org.assertj.core.api.Assertions.assertThat;

class ArchiveExpansionTest {
    @TempDir
    Path temp;

    private final Map<String, byte[]> payload = entries("docs/readme.txt", Samples.ascii("read me\n"),
            "bin/a.exe", Samples.pe());

    @Test
    void zipMembersAreItemsUnderTheAttachment() throws Exception {
        Collected c = Collected.walk(Mime.withAttachment("invoice.zip", Archives.zip(payload)), temp);
        assertThat(c.at("message › part 2 › invoice.zip").type()).isEqualTo(FileType.ZIP);
        Collected.Seen exe = c.at("message › part 2 › invoice.zip › bin/a.exe");
        assertThat(exe.type()).isEqualTo(FileType.PE);
        assertThat(exe.depth()).isEqualTo(2);
        assertThat(exe.name()).isEqualTo("bin/a.exe");
        assertThat(exe.mime()).isNull();
        assertThat(c.at("message › part 2 › invoice.zip › docs/readme.txt").text()).isEqualTo("read me\n");
        assertThat(c.result.findings()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tar", "ar", "cpio", "7z"})
    void otherArchiveFormats(String format) throws Exception {
        byte[] archive = switch (format) {
            case "tar" -> Archives.tar(payload);
            case "ar" -> Archives.ar(entries("a.exe", Samples.pe(), "readme", Samples.ascii("read me\n")));
            case "cpio" -> Archives.cpio(payload);
            case "7z" -> Archives.sevenZip(payload);
            default -> throw new IllegalArgumentException(format);
        };
        Collected c = Collected.walk(Mime.withAttachment("files." + format, archive), temp);
        String exe = format.equals("ar") ? "a.exe" : "bin/a.exe";
        assertThat(c.at("message › part 2 › files." + format).type()).isNotIn(FileType.BINARY, FileType.TEXT);
        assertThat(c.result.findings()).isEmpty();
        assertThat(c.at("message › part 2 › files." + format + " › " + exe).type()).isEqualTo(FileType.PE);
        assertThat(c.at("message › part 2 › files." + format + " › " + exe).head()).isEqualTo(Samples.pe());
        assertThat(c.result.findings()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gz", "bzip2", "xz", "lzma", "lz4-framed"})
    void compressedStreamsAreDecompressedAndNamedWithoutTheirSuffix(String format) throws Exception {
        byte[] compressed = Archives.compress(format, Samples.elf());
        Collected c = Collected.walk(Mime.withAttachment("tool.bin.cmp", compressed), temp);
        Collected.Seen inner = c.at("message › part 2 › tool.bin.cmp › tool.bin.cmp (decompressed)");
        assertThat(inner.type()).isEqualTo(FileType.ELF);
        assertThat(inner.head()).isEqualTo(Samples.elf());
        assertThat(c.result.findings()).isEmpty();
    }

    @Test
    void tarGzInZipInAMessage() throws Exception {
        byte[] tgz = Archives.compress("gz", Archives.tar(entries("payload/x.exe", Samples.pe())));
        byte[] zip = Archives.zip(entries("backup.tar.gz", tgz, "note.txt", Samples.ascii("hi")));
        Collected c = Collected.walk(Mime.withAttachment("outer.zip", zip), temp);
        Collected.Seen exe = c.at("message › part 2 › outer.zip › backup.tar.gz › backup.tar › payload/x.exe");
        assertThat(exe.type()).isEqualTo(FileType.PE);
        assertThat(exe.depth()).isEqualTo(4);
    }

    @Test
    void ooxmlIsExpandedSoMacroStoragesBecomeItems() throws Exception {
        byte[] docm = Archives.zip(entries("[Content_Types].xml", Samples.ascii("<Types/>"),
                "word/document.xml", Samples.ascii("<w:document/>"), "word/vbaProject.bin", Samples.ole2(false)));
        Collected c = Collected.walk(Mime.withAttachment("report.docm", docm), temp);
        assertThat(c.at("message › part 2 › report.docm").type()).isEqualTo(FileType.DOCX);
        assertThat(c.at("message › part 2 › report.docm › word/vbaProject.bin").type()).isEqualTo(FileType.OLE2);
    }

    @Test
    void encryptedZipMembersAreReportedNotRead() throws Exception {
        byte[] zip = Archives.zip(entries("secret.exe", Samples.pe(), "open.txt", Samples.ascii("visible")));
        // Commons Compress refuses to write encrypted entries; the flag bit is what readers (and we) look at
        zip[6] |= 1; // first local header's general purpose flags
        int central = Magic.indexOf(zip, 0, zip.length, new byte[]{'P', 'K', 1, 2});
        zip[central + 8] |= 1;
        Collected c = Collected.walk(Mime.withAttachment("locked.zip", zip), temp);
        assertThat(c.findings()).containsExactly(
                "ENCRYPTED: encrypted zip member (message › part 2 › locked.zip › secret.exe)");
        assertThat(c.find("message › part 2 › locked.zip › secret.exe")).isEmpty();
        assertThat(c.at("message › part 2 › locked.zip › open.txt").text()).isEqualTo("visible");
        assertThat(c.result.complete()).isTrue();
    }

    @Test
    void sevenZipWithAnAesCoderIsEncrypted() throws Exception {
        byte[] aes = SevenZipAes.withAesCoder(Archives.sevenZip(entries("secret.exe", Samples.pe()),
                org.apache.commons.compress.archivers.sevenz.SevenZMethod.COPY));
        Collected c = Collected.walk(Mime.withAttachment("locked.7z", aes), temp);
        assertThat(c.result.findings(Finding.Kind.ENCRYPTED)).isNotEmpty();
        assertThat(c.find("message › part 2 › locked.7z › secret.exe")).isEmpty();
    }

    @Test
    void truncatedZipIsCorruptButIntactMembersAreStillScanned() throws Exception {
        byte[] zip = Archives.zip(entries("first.exe", Samples.pe(), "second.txt", new byte[4000]));
        byte[] cut = Arrays.copyOf(zip, zip.length - 200); // the central directory is gone
        Collected c = Collected.walk(Mime.withAttachment("cut.zip", cut), temp);
        assertThat(c.at("message › part 2 › cut.zip › first.exe").type()).isEqualTo(FileType.PE);
        assertThat(c.result.findings(Finding.Kind.CORRUPT)).isNotEmpty();
        assertThat(c.result.complete()).isTrue();
    }

    @Test
    void truncatedGzipKeepsWhatDecodedAndIsCorrupt() throws Exception {
        byte[] big = new byte[200_000];
        new java.util.Random(1).nextBytes(big);
        System.arraycopy(Samples.pe(), 0, big, 0, Samples.pe().length);
        byte[] gz = Archives.compress("gz", big);
        Collected c = Collected.walk(Mime.withAttachment("x.exe.gz", Arrays.copyOf(gz, gz.length / 2)), temp);
        Collected.Seen partial = c.at("message › part 2 › x.exe.gz › x.exe");
        assertThat(partial.type()).isEqualTo(FileType.PE);
        assertThat(partial.size()).isBetween(1L, (long) big.length - 1);
        assertThat(c.findings()).anyMatch(f -> f.startsWith("CORRUPT: ") && f.contains("bytes were scanned"));
    }

    @Test
    void corruptArchivesOfEveryKindAreFindingsNotFailures() throws Exception {
        byte[][] broken = {
                Samples.concat(Samples.withMagic(6, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C), new byte[200]),
                Samples.concat(Samples.withMagic(4, 0x1F, 0x8B, 0x08, 0), new byte[50]),
                Samples.concat(Samples.ascii("BZh91AY&SY"), new byte[50]),
                Samples.concat(Samples.withMagic(6, 0xFD, '7', 'z', 'X', 'Z', 0), new byte[50]),
                Samples.concat(Samples.ascii("!<arch>\nshort"), new byte[3]),
                Samples.concat(Samples.ascii("070701"), new byte[20]),
                Samples.concat(Samples.withMagic(4, 'P', 'K', 3, 4), new byte[40]),
        };
        for (byte[] b : broken) {
            Collected c = Collected.walk(Mime.withAttachment("broken.bin", b), temp);
            assertThat(c.result.complete()).isTrue();
            assertThat(c.result.findings()).as("findings for %s", c.at("message › part 2 › broken.bin").type())
                    .isNotEmpty();
        }
    }

    @Test
    void unsupportedContainersAreReported() throws Exception {
        byte[] rar = Samples.concat(Samples.ascii("Rar!\u001A\u0007\u0000"), new byte[64]);
        Collected c = Collected.walk(Mime.withAttachment("x.rar", rar), temp);
        assertThat(c.findings()).containsExactly("UNSUPPORTED: RAR archive: content not unpacked (message › part 2 › x.rar)");
    }

    @Test
    void heapThresholdSpillsToTempFilesAndCleansUp() throws Exception {
        byte[] big = new byte[300_000];
        new java.util.Random(2).nextBytes(big);
        byte[] msg = Mime.withAttachment("big.zip", Archives.zip(entries("big.bin", big)));
        Collected c = new Collected();
        c.result = new MessageWalker(ScanLimits.defaults(), new ItemStorage(temp, FileTypeDetector.HEAD_SIZE))
                .walk(new java.io.ByteArrayInputStream(msg), c);
        assertThat(c.at("message › part 2 › big.zip › big.bin").head()).isEqualTo(big);
        try (var files = java.nio.file.Files.list(temp)) {
            assertThat(files).isEmpty();
        }
    }
}
