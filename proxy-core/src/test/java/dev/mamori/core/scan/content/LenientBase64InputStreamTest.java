package dev.mamori.core.scan.content;

import dev.mamori.core.scan.content.Base64Differential.Mode;
import dev.mamori.core.scan.content.Base64Differential.Reads;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.MimeUtil;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LenientBase64InputStream} against mime4j's {@link Base64InputStream}: same transcript (output, warnings,
 * exceptions, underlying reads, see {@link Base64Differential}) on every generated input, with fixed seeds.
 */
class LenientBase64InputStreamTest {
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
    /** Bytes an attacker or a broken mailer puts into base64: white space, '=', punctuation, NUL, 8-bit. */
    private static final byte[] ODD = {'\r', '\n', ' ', '\t', '=', '-', '.', '*', '!', '~', '_', ':', 0, 0x7f,
            (byte) 0x80, (byte) 0xa0, (byte) 0xc3, (byte) 0xff, '\f', 0x0b};

    @Test
    void decodesAsMime4jOnKnownCases() throws IOException {
        assertThat(decode("QUJD\r\nRA==\r\n")).isEqualTo("ABCD");
        assertThat(decode("QUJDRA")).isEqualTo("ABC"); // a trailing partial quantum is dropped, as mime4j does
        assertThat(decode("QQ==QUJD")).isEqualTo("A"); // nothing after the padding
        assertThat(decode("QUI=")).isEqualTo("AB");
        assertThat(decode("=QUJD")).isEmpty();
        assertThat(decode("Q\tU J\nD")).isEqualTo("ABC");
        assertThat(decode("")).isEmpty();
        assertThat(warnings("Q\tUJD")).containsExactly("Unexpected base64 byte: 9 / ignoring.");
        assertThat(warnings("QUJD\u00c3")).containsExactly("Unexpected base64 byte: -61 / ignoring.");
        assertThat(warnings("QUJDRA")).containsExactly("Unexpected end of BASE64 stream / dropping 2 sextet(s)");
        assertThat(warnings("QUJDR=")).containsExactly("Unexpected padding character / dropping 1 sextet(s)");
        assertThat(warnings("QUJD\r\n \r\n")).isEmpty();
        for (String input : List.of("QUJD\r\nRA==\r\n", "QUJDRA", "QQ==QUJD", "=QUJD", "Q\tUJD", "QUJDR=")) {
            for (Mode mode : Mode.values()) {
                for (Reads reads : Reads.values()) {
                    assertSame(input.getBytes(StandardCharsets.ISO_8859_1), mode, reads, 1);
                }
            }
        }
    }

    @Test
    void strictModeThrowsWhereMime4jThrows() {
        assertThatThrownBy(() -> new LenientBase64InputStream(in("QUJD*"), DecodeMonitor.STRICT).readAllBytes())
                .isInstanceOf(IOException.class).hasMessage("Unexpected base64 byte");
        assertThatThrownBy(() -> new LenientBase64InputStream(in("QUJDR"), DecodeMonitor.STRICT).readAllBytes())
                .hasMessage("Unexpected end of BASE64 stream");
        assertThatThrownBy(() -> new LenientBase64InputStream(in("QUJDR="), DecodeMonitor.STRICT).readAllBytes())
                .hasMessage("Unexpected padding character");
    }

    @Test
    void sameAsMime4jOnEveryShortInput() {
        byte[] symbols = {'Q', 'w', '/', '=', '\n', ' ', '\t', (byte) 0xc3};
        int cases = 0;
        for (int length = 0; length <= 5; length++) {
            int combinations = (int) Math.pow(symbols.length, length);
            for (int c = 0; c < combinations; c++) {
                byte[] input = new byte[length];
                for (int i = 0, rest = c; i < length; i++, rest /= symbols.length) {
                    input[i] = symbols[rest % symbols.length];
                }
                for (Mode mode : Mode.values()) {
                    assertSame(input, mode, Reads.SINGLE, c);
                    assertSame(input, mode, Reads.TINY, c);
                    cases += 2;
                }
            }
        }
        assertThat(cases).isGreaterThan(70_000);
    }

    @Test
    void sameAsMime4jOnRandomAndDamagedBodies() {
        Random random = new Random(0x6D616D6F7269L);
        for (int i = 0; i < 4000; i++) {
            byte[] input = body(random);
            long seed = random.nextLong();
            Reads reads = Reads.values()[random.nextInt(Reads.values().length)];
            if (input.length > 20_000 && (reads == Reads.SINGLE || reads == Reads.TINY)) {
                reads = Reads.MIXED; // keeps the transcripts of big bodies small
            }
            for (Mode mode : Mode.values()) {
                assertSame(input, mode, reads, seed);
            }
        }
    }

    @Test
    void sameAsMime4jOnHugeLinesAndLongRunsOfGarbage() {
        Random random = new Random(42);
        byte[] content = new byte[300_000];
        random.nextBytes(content);
        byte[] oneLine = Base64.getEncoder().encode(content);
        assertSame(oneLine, Mode.LENIENT, Reads.LARGE, 1);
        assertSame(oneLine, Mode.LENIENT, Reads.MIXED, 2);
        byte[] garbage = new byte[200_000];
        for (int i = 0; i < garbage.length; i++) {
            byte b = ODD[random.nextInt(ODD.length)];
            garbage[i] = b == '=' ? ALPHABET[random.nextInt(ALPHABET.length)] : b; // '=' would end the body at once
        }
        assertSame(garbage, Mode.LENIENT, Reads.LARGE, 3);
        assertSame(garbage, Mode.STRICT, Reads.LARGE, 4);
    }

    /**
     * The walker's own setting: mime4j's parser with the walker's {@link MimeProblems} and lenient config, once with
     * mime4j's decoder and once with ours on the raw body stream; every part's bytes and the findings are the same.
     */
    @Test
    void sameBodiesAndFindingsInsideMime4jsParser() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 400; i++) {
            StringBuilder message = new StringBuilder("MIME-Version: 1.0\r\nContent-Type: multipart/mixed;"
                    + " boundary=\"b\"\r\n\r\npreamble\r\n");
            int parts = 1 + random.nextInt(4);
            for (int p = 0; p < parts; p++) {
                String encoding = random.nextInt(6) == 0 ? "BASE64" : "base64";
                message.append("--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: ")
                        .append(encoding).append("\r\n\r\n")
                        .append(new String(body(random), StandardCharsets.ISO_8859_1)).append("\r\n");
            }
            if (random.nextInt(5) != 0) {
                message.append("--b--\r\n");
            }
            byte[] bytes = message.toString().getBytes(StandardCharsets.ISO_8859_1);
            assertThat(parse(bytes, true)).isEqualTo(parse(bytes, false));
        }
    }

    private static List<String> parse(byte[] message, boolean ours) throws Exception {
        MimeConfig config = new MimeConfig.Builder().setStrictParsing(false).setMaxLineLen(-1)
                .setMaxHeaderCount(5_000).setMaxHeaderLen(256 * 1024).setMaxContentLen(-1).build();
        MimeProblems problems = new MimeProblems();
        MimeTokenStream stream = new MimeTokenStream(config, problems, null);
        stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
        stream.parse(new ByteArrayInputStream(message));
        Walk walk = new Walk(ScanLimits.defaults(), null, item -> { }, System.nanoTime());
        List<String> out = new ArrayList<>();
        for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
            if (state == EntityState.T_BODY) {
                boolean base64 = MimeUtil.isBase64Encoding(stream.getBodyDescriptor().getTransferEncoding());
                InputStream body = ours && base64
                        ? new LenientBase64InputStream(stream.getInputStream(), problems)
                        : stream.getDecodedInputStream();
                ByteArrayOutputStream decoded = new ByteArrayOutputStream();
                byte[] chunk = new byte[64 * 1024];
                for (int n; (n = body.read(chunk)) >= 0; ) {
                    decoded.write(chunk, 0, n);
                }
                out.add("base64=" + base64 + " " + HexFormat.of().formatHex(decoded.toByteArray()));
            }
            problems.flushTo(walk, ContentPath.message());
        }
        walk.findings().list(ContentPath.message()).forEach(f -> out.add(f.toString()));
        return out;
    }

    /** A base64 body: clean, damaged in one to five ways, or random bytes from a small alphabet. */
    static byte[] body(Random random) {
        if (random.nextInt(10) == 0) {
            byte[] symbols = {'A', 'Q', 'g', '/', '+', '=', '\r', '\n', ' ', '\t', (byte) 0xff, '-'};
            byte[] out = new byte[random.nextInt(60)];
            for (int i = 0; i < out.length; i++) {
                out[i] = symbols[random.nextInt(symbols.length)];
            }
            return out;
        }
        byte[] content = new byte[switch (random.nextInt(10)) {
            case 0 -> random.nextInt(4);
            case 1, 2, 3 -> random.nextInt(100);
            case 4, 5, 6, 7 -> random.nextInt(3000);
            case 8 -> random.nextInt(20_000);
            default -> 20_000 + random.nextInt(120_000);
        }];
        random.nextBytes(content);
        String separator = switch (random.nextInt(6)) {
            case 0 -> "\n";
            case 1 -> "\r";
            case 2 -> " ";
            default -> "\r\n";
        };
        int lineLength = switch (random.nextInt(6)) {
            case 0 -> 64;
            case 1 -> 72;
            case 2 -> 1 + random.nextInt(100);
            case 3 -> Integer.MAX_VALUE;
            default -> 76;
        };
        String encoded = Base64.getEncoder().encodeToString(content);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < encoded.length(); i += lineLength) {
            sb.append(encoded, i, (int) Math.min(encoded.length(), (long) i + lineLength));
            if (i + lineLength < encoded.length() || random.nextBoolean()) {
                sb.append(separator);
            }
        }
        byte[] out = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        int damages = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(5);
        for (int d = 0; d < damages; d++) {
            out = damage(out, random);
        }
        return out;
    }

    private static byte[] damage(byte[] in, Random random) {
        int at = random.nextInt(in.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(9)) {
            case 0 -> { // a byte outside the alphabet
                out.write(in, 0, at);
                out.write(ODD[random.nextInt(ODD.length)]);
                out.write(in, at, in.length - at);
            }
            case 1 -> { // a run of odd bytes
                out.write(in, 0, at);
                for (int i = random.nextInt(20); i > 0; i--) {
                    out.write(ODD[random.nextInt(ODD.length)]);
                }
                out.write(in, at, in.length - at);
            }
            case 2 -> { // '=' in the middle
                out.write(in, 0, at);
                out.write('=');
                out.write(in, at, in.length - at);
            }
            case 3 -> { // the padding removed
                String s = new String(in, StandardCharsets.ISO_8859_1).replace("=", "");
                return s.getBytes(StandardCharsets.ISO_8859_1);
            }
            case 4 -> { // one to three characters cut from the end
                return java.util.Arrays.copyOf(in, Math.max(0, in.length - 1 - random.nextInt(3)));
            }
            case 5 -> { // more data after the padding
                out.write(in, 0, in.length);
                out.write("QUJD\r\nRA==\r\nZm9v".getBytes(StandardCharsets.US_ASCII), 0, 4 + random.nextInt(12));
            }
            case 6 -> { // a byte deleted, which shifts every quantum after it
                if (in.length == 0) {
                    return in;
                }
                int cut = Math.min(at, in.length - 1);
                out.write(in, 0, cut);
                out.write(in, cut + 1, in.length - cut - 1);
            }
            case 7 -> { // random alphabet characters (1 to 3: quanta no longer aligned)
                out.write(in, 0, at);
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    out.write(ALPHABET[random.nextInt(ALPHABET.length)]);
                }
                out.write(in, at, in.length - at);
            }
            default -> { // a huge line of valid base64 inserted
                out.write(in, 0, at);
                byte[] extra = new byte[3 * random.nextInt(10_000)];
                random.nextBytes(extra);
                out.writeBytes(Base64.getEncoder().encode(extra));
                out.write(in, at, in.length - at);
            }
        }
        return out.toByteArray();
    }

    private static void assertSame(byte[] input, Mode mode, Reads reads, long seed) {
        List<String> expected = Base64Differential.mime4j(input, mode, reads, seed);
        List<String> actual = Base64Differential.ours(input, mode, reads, seed);
        if (!expected.equals(actual)) {
            // the first difference, with the input, is what one needs to see
            int i = 0;
            while (i < Math.min(expected.size(), actual.size()) && expected.get(i).equals(actual.get(i))) {
                i++;
            }
            throw new AssertionError("differs from mime4j at transcript line " + i + " (" + mode + ", " + reads
                    + ", seed " + seed + ")\ninput: " + HexFormat.of().formatHex(input, 0, Math.min(input.length, 400))
                    + "\nmime4j: " + line(expected, i) + "\nours:   " + line(actual, i));
        }
    }

    private static String line(List<String> transcript, int i) {
        String line = i < transcript.size() ? transcript.get(i) : "<end>";
        return line.length() > 600 ? line.substring(0, 600) + "..." : line;
    }

    private static String decode(String input) throws IOException {
        return new String(new LenientBase64InputStream(in(input), DecodeMonitor.SILENT).readAllBytes(),
                StandardCharsets.ISO_8859_1);
    }

    private static List<String> warnings(String input) throws IOException {
        List<String> warnings = new ArrayList<>();
        new LenientBase64InputStream(in(input), new DecodeMonitor() {
            @Override
            public boolean warn(String message, String dropDesc) {
                warnings.add(message + " / " + dropDesc);
                return false;
            }
        }).readAllBytes();
        return warnings;
    }

    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
