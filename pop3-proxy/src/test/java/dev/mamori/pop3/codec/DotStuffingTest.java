package dev.mamori.pop3.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DotStuffingTest {

    @Test
    void dotsAtLineStartsAreDoubled() {
        assertThat(stuffAndFinish("a\r\n.b\r\n..\r\n.\r\nx.y\r\n"))
                .isEqualTo("a\r\n..b\r\n...\r\n..\r\nx.y\r\n.\r\n");
    }

    @Test
    void theFirstByteIsALineStart() {
        assertThat(stuffAndFinish(".\r\n")).isEqualTo("..\r\n.\r\n");
    }

    @Test
    void aBareLfStartsALineToo() {
        assertThat(stuffOnly(new DotStuffing(), "a\n.b")).isEqualTo("a\n..b");
    }

    @Test
    void aBareCrDoesNotStartALine() {
        assertThat(stuffOnly(new DotStuffing(), "a\r.b")).isEqualTo("a\r.b");
    }

    @Test
    void emptyContentIsOnlyTheTerminator() {
        assertThat(stuffAndFinish("")).isEqualTo(".\r\n");
    }

    @Test
    void finishAddsNoCrlfWhenTheContentEndsWithOne() {
        assertThat(stuffAndFinish("a\r\n")).isEqualTo("a\r\n.\r\n");
        assertThat(stuffAndFinish("\r\n")).isEqualTo("\r\n.\r\n");
    }

    @Test
    void finishAddsACrlfWhenTheContentLacksOne() {
        assertThat(stuffAndFinish("a")).isEqualTo("a\r\n.\r\n");
        assertThat(stuffAndFinish("a\r")).isEqualTo("a\r\r\n.\r\n");
        assertThat(stuffAndFinish(".")).isEqualTo("..\r\n.\r\n");
        // a bare LF is not a CRLF: strict clients need CRLF.CRLF, so one is added
        assertThat(stuffAndFinish("a\n")).isEqualTo("a\n\r\n.\r\n");
        assertThat(stuffAndFinish("\n")).isEqualTo("\n\r\n.\r\n");
    }

    @Test
    void lineStartAndFinalCrlfAreTrackedAcrossCalls() {
        DotStuffing s = new DotStuffing();
        ByteBuf out = Unpooled.buffer();
        for (String part : new String[]{"a\r", "\n", ".", "b\r", "\n"}) {
            s.stuff(Unpooled.copiedBuffer(part, StandardCharsets.ISO_8859_1), out);
        }
        s.finish(out);
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("a\r\n..b\r\n.\r\n");
        out.release();
    }

    @Test
    void stuffConsumesTheReadableBytesOnly() {
        ByteBuf in = Unpooled.copiedBuffer("xx.a\r\n.b", StandardCharsets.ISO_8859_1);
        in.skipBytes(2);
        ByteBuf out = Unpooled.buffer();
        new DotStuffing().stuff(in, out);
        assertThat(in.isReadable()).isFalse();
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("..a\r\n..b");
        in.release();
        out.release();
    }

    @Test
    void stuffThenUnstuffIsTheIdentity() throws IOException {
        Random rnd = new Random(1939);
        byte[] alphabet = {'.', '.', '\r', '\n', 'a', (byte) 0xFF, 0};
        for (int round = 0; round < 1000; round++) {
            byte[] content = random(rnd, alphabet, rnd.nextInt(120));
            DotStuffing s = new DotStuffing();
            ByteBuf out = Unpooled.buffer();
            for (byte[] chunk : split(content, rnd)) {
                s.stuff(Unpooled.wrappedBuffer(chunk), out);
            }
            byte[] stuffed = ByteBufUtil.getBytes(out);
            out.release();
            assertThat(new DotUnstuffingInputStream(new ByteArrayInputStream(stuffed)).readAllBytes())
                    .as("round %d", round).isEqualTo(content);
        }
    }

    @Test
    void stuffedAndFinishedContentIsTheOriginalPlusAFinalCrlfWhenMissing() throws IOException {
        Random rnd = new Random(2449);
        byte[] alphabet = {'.', '\r', '\n', 'z'};
        for (int round = 0; round < 1000; round++) {
            byte[] content = random(rnd, alphabet, rnd.nextInt(80));
            DotStuffing s = new DotStuffing();
            ByteBuf out = Unpooled.buffer();
            for (byte[] chunk : split(content, rnd)) {
                s.stuff(Unpooled.wrappedBuffer(chunk), out);
            }
            s.finish(out);

            MultilineBody body = new MultilineBody();
            ByteBuf collected = Unpooled.buffer();
            assertThat(body.feed(out, b -> {
                collected.writeBytes(b);
                b.release();
            })).as("the terminator is found").isTrue();
            assertThat(out.isReadable()).as("nothing follows the terminator").isFalse();
            out.release();
            byte[] unstuffed = new DotUnstuffingInputStream(new ByteArrayInputStream(ByteBufUtil.getBytes(collected)))
                    .readAllBytes();
            collected.release();
            byte[] expected = MultilineBodyTest.withFinalCrlf(content);
            assertThat(unstuffed).as("round %d", round).isEqualTo(expected);
            assertThat(body.contentBytes()).isEqualTo(expected.length);
        }
    }

    private static byte[] random(Random rnd, byte[] alphabet, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = alphabet[rnd.nextInt(alphabet.length)];
        }
        return b;
    }

    private static byte[][] split(byte[] content, Random rnd) {
        int cut = content.length == 0 ? 0 : rnd.nextInt(content.length + 1);
        return new byte[][]{Arrays.copyOfRange(content, 0, cut), Arrays.copyOfRange(content, cut, content.length)};
    }

    private static String stuffOnly(DotStuffing s, String content) {
        ByteBuf out = Unpooled.buffer();
        s.stuff(Unpooled.copiedBuffer(content, StandardCharsets.ISO_8859_1), out);
        String text = out.toString(StandardCharsets.ISO_8859_1);
        out.release();
        return text;
    }

    private static String stuffAndFinish(String content) {
        DotStuffing s = new DotStuffing();
        ByteBuf out = Unpooled.buffer();
        s.stuff(Unpooled.copiedBuffer(content, StandardCharsets.ISO_8859_1), out);
        s.finish(out);
        String text = out.toString(StandardCharsets.ISO_8859_1);
        out.release();
        return text;
    }
}
