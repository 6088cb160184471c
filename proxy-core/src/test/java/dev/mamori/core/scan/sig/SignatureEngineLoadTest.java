package dev.mamori.core.scan.sig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureEngineLoadTest {
    @TempDir
    Path dir;

    @Test
    void loadsFilesByExtension() throws Exception {
        Path ndb = Files.writeString(dir.resolve("local.ndb"), "# comment\n\nA.B:0:*:6d616c7761726521\r\n");
        Path hdb = Files.writeString(dir.resolve("local.hdb"), "44d88612fea8a8f36de82e1278abb02f:68:X\n");
        Path hsb = Files.writeString(dir.resolve("local.hsb"),
                "3395856ce81f2b7382dee72602f798b642f14140:*:Y:73\n");
        SignatureEngine engine = SignatureEngine.load(List.of(ndb, hdb, hsb));
        assertThat(engine.stats().bodySignatures()).isEqualTo(2);
        assertThat(engine.stats().md5Signatures()).isEqualTo(1);
        assertThat(engine.stats().sha1Signatures()).isEqualTo(1);
    }

    @Test
    void aBadLineIsAnErrorNamingFileAndLine() throws Exception {
        Path ndb = Files.writeString(dir.resolve("daily.ndb"),
                "Good:0:*:6d616c7761726521\nBad:0:*:6d61zz\n");
        assertThatThrownBy(() -> SignatureEngine.load(List.of(ndb)))
                .isInstanceOfSatisfying(SignatureFormatException.class, e -> {
                    assertThat(e.source()).isEqualTo("daily.ndb");
                    assertThat(e.line()).isEqualTo(2);
                })
                .hasMessageStartingWith("daily.ndb:2: unexpected character 'z'");
        Path other = Files.writeString(dir.resolve("notes.txt"), "x");
        assertThatThrownBy(() -> SignatureEngine.load(List.of(other)))
                .isInstanceOf(SignatureFormatException.class).hasMessageContaining("notes.txt");
    }

    @Test
    void lenientLoadingCountsAndSkipsBadLines() throws Exception {
        SignatureEngine engine = SignatureEngine.builder().lenient(true)
                .add(SignatureFormat.NDB, "mixed.ndb", new StringReader(
                        "Good:0:*:6d616c7761726521\nBad:0:*:6d61zz\nNeg:0:*:41!(42)43\nAlso.Good:0:*:41424344"))
                .build();
        assertThat(engine.stats().bodySignatures()).isEqualTo(3);
        assertThat(engine.stats().skippedMalformed()).isEqualTo(2);
        assertThat(engine.stats().warnings()).anySatisfy(w -> assertThat(w).startsWith("mixed.ndb:3:"));
    }

    @Test
    void unsupportedSignaturesAreSkippedAndCountedEvenWhenStrict() throws Exception {
        SignatureEngine engine = SignatureEngine.builder()
                .add(SignatureFormat.NDB, "pe.ndb", new StringReader(
                        "Ep:1:EP+0:e800000000\nEof:0:EOF-10:41424344\nPdf:10:*:41424344\nOk:1:*:4142434445464748"))
                .build();
        assertThat(engine.stats().skippedUnsupported()).isEqualTo(3);
        assertThat(engine.stats().warnings()).containsExactly(
                "pe.ndb:1: skipped: offset 'EP+0' is not supported",
                "pe.ndb:2: skipped: offset 'EOF-10' is not supported",
                "pe.ndb:3: skipped: target type 10 is not supported");
        // skipped, never matched without its constraint
        assertThat(TestEngines.scan(engine, SignatureTarget.PE, HexFormat.of().parseHex("e80000000041424344")))
                .isEmpty();
    }

    @Test
    void manyHashesLoadQuicklyAndCompactly() throws Exception {
        int n = 200_000;
        byte[] item = "an attachment somebody reported".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String itemMd5 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(item));
        Random r = new Random(7);
        StringBuilder db = new StringBuilder(n * 60);
        byte[] digest = new byte[16];
        for (int i = 0; i < n; i++) {
            if (i == n / 2) {
                db.append(itemMd5).append(':').append(item.length).append(":Reported.Item\n");
            }
            r.nextBytes(digest);
            db.append(HexFormat.of().formatHex(digest)).append(':').append(1000 + r.nextInt(100_000))
                    .append(":Hash.Sig-").append(i).append('\n');
        }
        long start = System.nanoTime();
        SignatureEngine engine = SignatureEngine.builder()
                .add(SignatureFormat.HDB, "big.hdb", new StringReader(db.toString())).build();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long perHash = engine.stats().memoryBytes() / (n + 1);
        System.out.printf("hash signatures: %d loaded in %d ms, ~%d bytes each%n", n + 1, millis, perHash);
        assertThat(engine.stats().md5Signatures()).isEqualTo(n + 1);
        assertThat(perHash).isLessThan(80);
        assertThat(millis).isLessThan(10_000);
        assertThat(TestEngines.scan(engine, SignatureTarget.ANY, item))
                .containsExactly(new SignatureMatch("Reported.Item", SignatureMatch.Kind.HASH, item.length));
    }
}
