package dev.mamori.pop3.codec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DotUnstuffingInputStreamTest {
    private static final String STUFFED = "..a\r\n..\r\nb.c\r\n.\rx\n..y\n.";
    private static final String CONTENT = ".a\r\n.\r\nb.c\r\n\rx\n.y\n";

    @Test
    void bulkReadRemovesTheLeadingDotOfEachLine() throws IOException {
        assertThat(text(stream(STUFFED).readAllBytes())).isEqualTo(CONTENT);
    }

    @Test
    void singleByteReadsGiveTheSameResult() throws IOException {
        InputStream in = stream(STUFFED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            out.write(b);
        }
        assertThat(text(out.toByteArray())).isEqualTo(CONTENT);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void onlyLineStartsAreUnstuffed() throws IOException {
        assertThat(text(stream("a.b\r.c\r\n..d").readAllBytes())).isEqualTo("a.b\r.c\r\n.d");
    }

    @Test
    void bulkReadOfASourceThatDeliversOneByteAtATime() throws IOException {
        // a chunk that is just a stuffed dot must not end the read with 0 bytes
        InputStream in = new DotUnstuffingInputStream(trickle(STUFFED, 1));
        byte[] buf = new byte[16];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n; (n = in.read(buf, 0, buf.length)) != -1; ) {
            assertThat(n).isPositive();
            out.write(buf, 0, n);
        }
        assertThat(text(out.toByteArray())).isEqualTo(CONTENT);
    }

    @Test
    void bulkReadHonoursTheOffset() throws IOException {
        InputStream in = stream("..ab");
        byte[] buf = {'-', '-', '-', '-', '-', '-'};
        int n = in.read(buf, 2, 3);
        assertThat(n).isEqualTo(2); // three bytes read, the stuffed dot removed
        assertThat(text(buf).substring(0, 4)).isEqualTo("--.a");
        assertThat(in.read(buf, 0, 6)).isEqualTo(1);
        assertThat(buf[0]).isEqualTo((byte) 'b');
        assertThat(in.read(buf, 0, 6)).isEqualTo(-1);
    }

    @Test
    void bulkReadLeavesTheRestOfTheBufferUnaffected() throws IOException {
        InputStream in = stream("..ab");
        byte[] buf = {'-', '-', '-', '-', '-', '-'};
        assertThat(in.read(buf, 2, 3)).isEqualTo(2);
        assertThat(text(buf)).isEqualTo("--.a--");
    }

    @Test
    void zeroLengthReadReadsNothing() throws IOException {
        InputStream in = stream("..a");
        assertThat(in.read(new byte[4], 0, 0)).isZero();
        assertThat(text(in.readAllBytes())).isEqualTo(".a");
    }

    @Test
    void emptyInputAndAStreamOfOneDotAreEmpty() throws IOException {
        assertThat(stream("").readAllBytes()).isEmpty();
        assertThat(stream(".").read()).isEqualTo(-1);
        assertThat(stream(".").read(new byte[4], 0, 4)).isEqualTo(-1);
    }

    @Test
    void lineStateCarriesAcrossReadsOfAnySize() throws IOException {
        Random rnd = new Random(7);
        byte[] alphabet = {'.', '.', '\r', '\n', 'q'};
        for (int round = 0; round < 500; round++) {
            byte[] stuffed = new byte[rnd.nextInt(100)];
            for (int i = 0; i < stuffed.length; i++) {
                stuffed[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            byte[] expected = referenceUnstuff(stuffed);
            InputStream in = new DotUnstuffingInputStream(trickle(text(stuffed), 1 + rnd.nextInt(5)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                int b;
                if (rnd.nextBoolean()) {
                    b = in.read();
                    if (b < 0) {
                        break;
                    }
                    out.write(b);
                } else {
                    byte[] buf = new byte[1 + rnd.nextInt(7)];
                    int n = in.read(buf, 0, buf.length);
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                }
            }
            assertThat(out.toByteArray()).as("round %d: %s", round, text(stuffed)).isEqualTo(expected);
        }
    }

    @Test
    void skipCountsUnstuffedBytes() throws IOException {
        InputStream in = stream("..ab\r\n..c");
        assertThat(in.skip(3)).isEqualTo(3); // ".ab"
        assertThat(text(in.readAllBytes())).isEqualTo("\r\n.c");
        assertThat(stream("..").skip(10)).isEqualTo(1);
    }

    @Test
    void markIsNotSupported() {
        assertThat(stream("x").markSupported()).isFalse();
    }

    private static byte[] referenceUnstuff(byte[] stuffed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < stuffed.length; i++) {
            boolean lineStart = i == 0 || stuffed[i - 1] == '\n';
            if (!(lineStart && stuffed[i] == '.')) {
                out.write(stuffed[i]);
            }
        }
        return out.toByteArray();
    }

    private static InputStream stream(String s) {
        return new DotUnstuffingInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** A source that never returns more than {@code max} bytes per read, like a socket. */
    private static InputStream trickle(String s, int max) {
        return new FilterInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, max));
            }
        };
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
