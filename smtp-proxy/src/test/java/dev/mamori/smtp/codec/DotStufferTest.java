package dev.mamori.smtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DotStufferTest {
    private static String stuff(String... chunks) {
        DotStuffer s = new DotStuffer();
        StringBuilder out = new StringBuilder();
        for (String c : chunks) {
            ByteBuf b = s.stuff(Unpooled.copiedBuffer(c, StandardCharsets.US_ASCII), ByteBufAllocator.DEFAULT);
            out.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        ByteBuf end = s.end(ByteBufAllocator.DEFAULT);
        out.append(end.toString(StandardCharsets.US_ASCII));
        end.release();
        return out.toString();
    }

    @Test
    void dotsAtLineStartsAreDoubledAcrossChunks() {
        assertThat(stuff(".a\r\nb\r\n", ".", "c\r\n..d\r\n")).isEqualTo("..a\r\nb\r\n..c\r\n...d\r\n.\r\n");
    }

    @Test
    void missingFinalLineEndIsAdded() {
        assertThat(stuff("abc")).isEqualTo("abc\r\n.\r\n");
        assertThat(stuff()).isEqualTo(".\r\n");
    }

    @Test
    void unstuffThenStuffIsTheOriginalWire() {
        String wire = "x\r\n..y\r\n.\r\n";
        SmtpInputFramer f = new SmtpInputFramer(ByteBufAllocator.DEFAULT, 64);
        f.startData();
        f.add(Unpooled.copiedBuffer(wire, StandardCharsets.US_ASCII));
        SmtpInput.Content c = (SmtpInput.Content) f.pollData();
        String content = c.bytes().toString(StandardCharsets.US_ASCII);
        c.bytes().release();
        assertThat(stuff(content)).isEqualTo(wire);
    }

    /** The rule byte by byte: a dot is added before every '.' that follows an LF or starts the content. */
    private static byte[] referenceStuff(byte[] content) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        boolean lineStart = true;
        for (byte b : content) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (content.length > 0 && content[content.length - 1] != '\n') {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void anyChunkingGivesTheByteByByteResult() {
        java.util.Random rnd = new java.util.Random(4711);
        byte[] alphabet = {'.', '.', '\r', '\n', '\n', 'a', 'b', ' ', 0, (byte) 0xE9};
        for (int round = 0; round < 2_000; round++) {
            byte[] content = new byte[rnd.nextInt(200)];
            for (int i = 0; i < content.length; i++) {
                content[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            DotStuffer s = new DotStuffer();
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            for (int pos = 0; pos < content.length; ) {
                int len = Math.min(content.length - pos, rnd.nextInt(12));
                // a non-zero reader index, as a chunk of a larger buffer has; or a composite of several pieces, as
                // a chunk of an in-memory spool is
                ByteBuf in = Unpooled.wrappedBuffer(content).setIndex(pos, pos + len);
                if (rnd.nextBoolean()) {
                    io.netty.buffer.CompositeByteBuf c = Unpooled.compositeBuffer();
                    c.addComponent(true, Unpooled.wrappedBuffer(new byte[]{'x'})); // skipped below: reader index 1
                    for (int p = pos; p < pos + len; ) {
                        int piece = Math.min(pos + len - p, 1 + rnd.nextInt(4));
                        c.addComponent(true, Unpooled.wrappedBuffer(content, p, piece));
                        p += piece;
                    }
                    c.skipBytes(1);
                    in = c;
                }
                ByteBuf b = s.stuff(in, ByteBufAllocator.DEFAULT);
                got.writeBytes(ByteBufUtil.getBytes(b));
                b.release();
                pos += len;
            }
            ByteBuf end = s.end(ByteBufAllocator.DEFAULT);
            got.writeBytes(ByteBufUtil.getBytes(end));
            end.release();
            assertThat(got.toByteArray()).as("round %d", round).isEqualTo(referenceStuff(content));
        }
    }
}
