package dev.mamori.smtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
}
