package dev.mamori.smtp.codec;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmtpReplyDecoderTest {
    @Test
    void multiLineReplySplitAcrossChunks() {
        EmbeddedChannel ch = new EmbeddedChannel(new SmtpReplyDecoder());
        String wire = "250-mx.example\r\n250-SIZE 1000\r\n250 8BITMIME\r\n220 ready\n";
        for (char c : wire.toCharArray()) {
            ch.writeInbound(Unpooled.copiedBuffer(String.valueOf(c), StandardCharsets.US_ASCII));
        }
        assertThat((SmtpReply) ch.readInbound()).isEqualTo(new SmtpReply(250, List.of("mx.example", "SIZE 1000", "8BITMIME")));
        assertThat((SmtpReply) ch.readInbound()).isEqualTo(SmtpReply.of(220, "ready"));
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void bareCodeLine() {
        EmbeddedChannel ch = new EmbeddedChannel(new SmtpReplyDecoder());
        ch.writeInbound(Unpooled.copiedBuffer("354\r\n", StandardCharsets.US_ASCII));
        assertThat((SmtpReply) ch.readInbound()).isEqualTo(SmtpReply.of(354, ""));
    }

    @Test
    void brokenRepliesAreErrors() {
        assertThatThrownBy(() -> new EmbeddedChannel(new SmtpReplyDecoder())
                .writeInbound(Unpooled.copiedBuffer("hello\r\n", StandardCharsets.US_ASCII))).isInstanceOf(DecoderException.class);
        assertThatThrownBy(() -> new EmbeddedChannel(new SmtpReplyDecoder())
                .writeInbound(Unpooled.copiedBuffer("250-a\r\n251 b\r\n", StandardCharsets.US_ASCII))).isInstanceOf(DecoderException.class);
        assertThatThrownBy(() -> new EmbeddedChannel(new SmtpReplyDecoder(64, 10))
                .writeInbound(Unpooled.copiedBuffer("250 " + "x".repeat(100), StandardCharsets.US_ASCII))).isInstanceOf(DecoderException.class);
    }

    @Test
    void wireForm() {
        assertThat(new SmtpReply(250, List.of("a", "b")).wire()).isEqualTo("250-a\r\n250 b\r\n");
    }
}
