package dev.mamori.core.scan.sig;

import dev.mamori.core.scan.content.FileType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureScannerTest {
    private static final byte[] HELLO = "hello, this is a harmless test item\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void eicarIsTheStandardTestFile() throws Exception {
        byte[] eicar = Eicar.testFile();
        assertThat(eicar).hasSize(68);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(eicar)))
                .isEqualTo("44d88612fea8a8f36de82e1278abb02f");
    }

    @Test
    void eicarIsBuiltInAndFoundAtEverySplitAndInsideText() {
        SignatureEngine engine = TestEngines.ndb();
        byte[] eicar = Eicar.testFile();
        for (int cut = 0; cut <= eicar.length; cut++) {
            assertThat(TestEngines.scanSplit(engine, SignatureTarget.ANY, eicar, cut))
                    .containsExactly(new SignatureMatch(Eicar.NAME, SignatureMatch.Kind.BODY, 68));
        }
        byte[] mail = concat(HELLO, eicar, HELLO);
        assertThat(TestEngines.scan(engine, SignatureTarget.MAIL, mail))
                .containsExactly(new SignatureMatch(Eicar.NAME, SignatureMatch.Kind.BODY, HELLO.length + 68L));
        assertThat(TestEngines.scan(engine, SignatureTarget.ANY, HELLO)).isEmpty();
        assertThat(engine.stats().bodySignatures()).isEqualTo(1);
    }

    @Test
    void hashSignaturesMatchOnlyWithTheirSize() throws Exception {
        String md5 = hex("MD5", HELLO);
        String sha1 = hex("SHA-1", HELLO);
        String sha256 = hex("SHA-256", HELLO);
        SignatureEngine engine = SignatureEngine.builder()
                .add(SignatureFormat.HDB, "t.hdb", new java.io.StringReader(md5 + ":" + HELLO.length + ":H.Md5\n"
                        + md5 + ":999:H.Md5.WrongSize"))
                .add(SignatureFormat.HSB, "t.hsb", new java.io.StringReader(sha1 + ":" + HELLO.length + ":H.Sha1\n"
                        + sha256 + ":*:H.Sha256.AnySize:73"))
                .build();
        assertThat(engine.stats().md5Signatures()).isEqualTo(2);
        assertThat(engine.stats().hashSignatures()).isEqualTo(4);
        List<SignatureMatch> found = TestEngines.scanSplit(engine, SignatureTarget.ANY, HELLO, 5, 6, 20);
        assertThat(found).extracting(SignatureMatch::name)
                .containsExactlyInAnyOrder("H.Md5", "H.Sha1", "H.Sha256.AnySize");
        assertThat(found).allSatisfy(m -> {
            assertThat(m.kind()).isEqualTo(SignatureMatch.Kind.HASH);
            assertThat(m.endOffset()).isEqualTo(HELLO.length);
        });
        assertThat(TestEngines.scan(engine, SignatureTarget.ANY, concat(HELLO, new byte[1]))).isEmpty();
    }

    @Test
    void aKnownSizeSkipsDigestsThatCannotMatch() {
        String md5 = hex("MD5", HELLO);
        SignatureEngine engine = TestEngines.of(SignatureFormat.HDB, md5 + ":" + HELLO.length + ":H.Md5");
        SignatureScanner right = engine.newScanner(SignatureTarget.ANY, HELLO.length);
        right.update(HELLO);
        assertThat(right.finish()).extracting(SignatureMatch::name).containsExactly("H.Md5");
        // a size no signature has: nothing is hashed, and a digest that would match is not computed at all
        assertThat(new HashStreamState(List.of(), new NameTable(), 5).isIdle()).isTrue();
        SignatureScanner wrong = engine.newScanner(SignatureTarget.ANY, HELLO.length + 1L);
        wrong.update(HELLO);
        assertThat(wrong.finish()).isEmpty();
    }

    @Test
    void targetsRestrictWhereSignaturesApply() {
        SignatureEngine engine = TestEngines.ndb(
                "Only.PE:1:*:6d616c7761726521",
                "Only.ELF:6:*:6d616c7761726521",
                "Any.Type:0:*:6d616c7761726521");
        byte[] item = concat(HELLO, "malware!".getBytes(StandardCharsets.US_ASCII));
        assertThat(TestEngines.names(TestEngines.scan(engine, SignatureTarget.PE, item)))
                .containsExactly("Any.Type", "Only.PE");
        assertThat(TestEngines.names(TestEngines.scan(engine, SignatureTarget.ELF, item)))
                .containsExactly("Any.Type", "Only.ELF");
        assertThat(TestEngines.names(TestEngines.scan(engine, SignatureTarget.ANY, item)))
                .containsExactly("Any.Type");
    }

    @Test
    void theWalkersDetectedTypeSelectsTheTarget() {
        SignatureEngine engine = TestEngines.ndb(
                "Only.PE:1:*:6d616c7761726521",
                "Only.Text:7:*:6d616c7761726521",
                "Only.Graphics:5:*:6d616c7761726521");
        byte[] item = concat(HELLO, "malware!".getBytes(StandardCharsets.US_ASCII));
        SignatureScanner pe = engine.newScanner(FileType.PE);
        pe.update(item);
        assertThat(pe.finish()).extracting(SignatureMatch::name).containsExactly("Only.PE");
        SignatureScanner script = engine.newScanner(FileType.POWERSHELL, item.length);
        script.update(item);
        assertThat(script.finish()).extracting(SignatureMatch::name).containsExactly("Only.Text");
        SignatureScanner png = engine.newScanner(FileType.PNG);
        png.update(item);
        assertThat(png.finish()).extracting(SignatureMatch::name).containsExactly("Only.Graphics");
        SignatureScanner zip = engine.newScanner(FileType.ZIP);
        zip.update(item);
        assertThat(zip.finish()).isEmpty();
        assertThat(SignatureTarget.of(FileType.MSI)).isEqualTo(SignatureTarget.OLE2);
        assertThat(SignatureTarget.of(FileType.MACH_O_FAT)).isEqualTo(SignatureTarget.MACH_O);
    }

    @Test
    void absoluteOffsetsAndShifts() {
        SignatureEngine engine = TestEngines.ndb(
                "At.Zero:0:0:4d5a900003000000",
                "At.Four:0:4:4d5a900003000000",
                "Within.Two.To.Six:0:2,4:4d5a900003000000");
        byte[] atZero = HexFormat.of().parseHex("4d5a900003000000ffff");
        byte[] atFour = HexFormat.of().parseHex("414141414d5a900003000000");
        assertThat(TestEngines.names(TestEngines.scan(engine, SignatureTarget.ANY, atZero)))
                .containsExactly("At.Zero");
        assertThat(TestEngines.names(TestEngines.scan(engine, SignatureTarget.ANY, atFour)))
                .containsExactlyInAnyOrder("At.Four", "Within.Two.To.Six");
    }

    @Test
    void shortAndSlowAnchorsAreFoundAndCounted() {
        SignatureEngine engine = TestEngines.ndb(
                "Short:0:*:414243??44",
                "Slow:0:*:41??42??43",
                "Nibbles:0:*:4?5?6?");
        assertThat(engine.stats().shortAnchored()).isEqualTo(1);
        assertThat(engine.stats().slowPath()).isEqualTo(2);
        byte[] item = "xxABCzD..AqBrC..@PaQ".getBytes(StandardCharsets.US_ASCII);
        assertThat(TestEngines.names(TestEngines.scan(engine, SignatureTarget.ANY, item)))
                .containsExactly("Short", "Slow", "Nibbles");
    }

    @Test
    void sampledShortAnchorsAreFoundAtEveryAlignmentAndSplit() {
        // only 6-byte runs: the short index samples every 4th position, so every alignment must still be seen
        SignatureEngine engine = TestEngines.ndb("Six:0:*:414243444546??4748494a4b4c");
        assertThat(engine.stats().shortAnchored()).isEqualTo(1);
        byte[] instance = HexFormat.of().parseHex("4142434445460047" + "48494a4b4c");
        for (int shift = 0; shift < 12; shift++) {
            byte[] item = concat(new byte[shift], instance, new byte[3]);
            for (int cut = 0; cut <= item.length; cut++) {
                assertThat(TestEngines.scanSplit(engine, SignatureTarget.ANY, item, cut))
                        .as("shift %d cut %d", shift, cut)
                        .containsExactly(new SignatureMatch("Six", SignatureMatch.Kind.BODY, shift + 13L));
            }
        }
    }

    @Test
    void signaturesSharingLongPrefixesAreEachFoundOnce() {
        List<String> lines = new ArrayList<>();
        String prefix = "4d5a90000300000004000000ffff0000b800000000000000400000000000000000000000";
        for (int i = 0; i < 500; i++) {
            lines.add("Family.Variant-" + i + ":0:*:" + prefix + "%08x%08x".formatted(i * 7919, i));
        }
        SignatureEngine engine = TestEngines.ndb(lines.toArray(String[]::new));
        assertThat(engine.stats().slowPath()).isZero();
        byte[] p = HexFormat.of().parseHex(prefix);
        byte[] item = concat(HELLO, p, HexFormat.of().parseHex("%08x%08x".formatted(17 * 7919, 17)), HELLO, p,
                HexFormat.of().parseHex("%08x%08x".formatted(499 * 7919, 499)), p);
        assertThat(TestEngines.names(TestEngines.scan(engine, SignatureTarget.ANY, item)))
                .containsExactly("Family.Variant-17", "Family.Variant-499");
    }

    @Test
    void overlappingMatchesOfDifferentSignaturesAreAllReported() {
        SignatureEngine engine = TestEngines.ndb(
                "Outer:0:*:6162636465666768696a6b6c6d6e6f70",
                "Inner:0:*:65666768696a6b6c",
                "Across:0:*:6d6e6f70717273747576",
                "Gapped:0:*:6162636465666768{2-6}6d6e6f70");
        byte[] item = "__abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
        assertThat(TestEngines.scan(engine, SignatureTarget.ANY, item)).containsExactly(
                new SignatureMatch("Inner", SignatureMatch.Kind.BODY, 14),
                new SignatureMatch("Gapped", SignatureMatch.Kind.BODY, 18),
                new SignatureMatch("Outer", SignatureMatch.Kind.BODY, 18),
                new SignatureMatch("Across", SignatureMatch.Kind.BODY, 24));
    }

    @Test
    void unboundedGapsBridgeChunksFarApart() {
        SignatureEngine engine = TestEngines.ndb("Far:0:*:73746172742d6d61726b*656e642d6d61726b21");
        byte[] item = concat("start-mark".getBytes(StandardCharsets.US_ASCII), new byte[1_000_000],
                "end-mark!".getBytes(StandardCharsets.US_ASCII));
        SignatureScanner s = engine.newScanner(SignatureTarget.ANY);
        for (int at = 0; at < item.length; at += 4096) {
            s.update(ByteBuffer.wrap(item, at, Math.min(4096, item.length - at)));
        }
        assertThat(s.finish()).extracting(SignatureMatch::name).containsExactly("Far");
        byte[] reversed = concat("end-mark!".getBytes(StandardCharsets.US_ASCII), new byte[1000],
                "start-mark".getBytes(StandardCharsets.US_ASCII));
        assertThat(TestEngines.scan(engine, SignatureTarget.ANY, reversed)).isEmpty();
    }

    @Test
    void directByteBuffersAreConsumed() {
        SignatureEngine engine = TestEngines.ndb();
        ByteBuffer direct = ByteBuffer.allocateDirect(200);
        direct.put(HELLO).put(Eicar.testFile()).flip();
        SignatureScanner s = engine.newScanner(SignatureTarget.ANY);
        s.update(direct);
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(s.finish()).extracting(SignatureMatch::name).containsExactly(Eicar.NAME);
    }

    @Test
    void aFinishedScannerRefusesMoreInput() {
        SignatureScanner s = TestEngines.ndb().newScanner(SignatureTarget.ANY);
        s.finish();
        assertThatThrownBy(() -> s.update(HELLO)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void memoryPerPatternIsReported() {
        Random r = new Random(42);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] b = new byte[16 + r.nextInt(49)];
            r.nextBytes(b);
            lines.add("Random.Body-" + i + ":0:*:" + HexFormat.of().formatHex(b));
        }
        SignatureEngine engine = TestEngines.ndb(lines.toArray(String[]::new));
        long perPattern = engine.stats().memoryBytes() / engine.stats().bodySignatures();
        System.out.printf("signature engine: %d body patterns, %d bytes estimated, %d bytes per pattern%n",
                engine.stats().bodySignatures(), engine.stats().memoryBytes(), perPattern);
        assertThat(perPattern).isBetween(50L, 400L);
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[]... pieces) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : pieces) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
