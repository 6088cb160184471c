package dev.mamori.smtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpInputFramerTest {
    private final SmtpInputFramer framer = new SmtpInputFramer(ByteBufAllocator.DEFAULT, 64);

    private void add(String s) {
        framer.add(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    @Test
    void linesSplitAcrossChunks() {
        add("EHLO exa");
        assertThat(framer.pollLine()).isNull();
        add("mple.net\r\nNOOP\nQU");
        assertThat(framer.pollLine()).isEqualTo(new SmtpInput.Line("EHLO example.net", false));
        assertThat(framer.pollLine()).isEqualTo(new SmtpInput.Line("NOOP", false));
        assertThat(framer.pollLine()).isNull();
        add("IT\r\n");
        assertThat(framer.pollLine()).isEqualTo(new SmtpInput.Line("QUIT", false));
    }

    @Test
    void overlongLineIsDiscardedUpToItsEnd() {
        add("X".repeat(100));
        assertThat(framer.pollLine()).isNull();
        add("Y".repeat(100) + "\r\nNOOP\r\n");
        assertThat(framer.pollLine()).isInstanceOf(SmtpInput.TooLong.class);
        assertThat(framer.pollLine()).isEqualTo(new SmtpInput.Line("NOOP", false));
        add("Z".repeat(70) + "\r\n");
        assertThat(framer.pollLine()).isInstanceOf(SmtpInput.TooLong.class);
    }

    @Test
    void nulAndInnerCrAreFlagged() {
        add("NOOP\0x\r\nMAIL FROM:<a>\rRCPT TO:<b>\r\n");
        assertThat(((SmtpInput.Line) framer.pollLine()).forbidden()).isTrue();
        assertThat(((SmtpInput.Line) framer.pollLine()).forbidden()).isTrue();
    }

    @Test
    void dataIsUnstuffedAndEndsAtCrLfDotCrLfWhateverTheChunking() {
        String wire = "Subject: x\r\n\r\n..leading dot\r\n.\r\nNOOP\r\n";
        for (int split = 1; split < wire.length(); split++) {
            SmtpInputFramer f = new SmtpInputFramer(ByteBufAllocator.DEFAULT, 64);
            f.startData();
            f.add(Unpooled.copiedBuffer(wire.substring(0, split), StandardCharsets.UTF_8));
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            List<SmtpInput> ends = new ArrayList<>();
            drain(f, content, ends);
            f.add(Unpooled.copiedBuffer(wire.substring(split), StandardCharsets.UTF_8));
            drain(f, content, ends);
            assertThat(content.toString(StandardCharsets.UTF_8)).as("split at " + split)
                    .isEqualTo("Subject: x\r\n\r\n.leading dot\r\n");
            assertThat(ends).containsExactly(new SmtpInput.DataEnd(false));
            assertThat(f.pollLine()).isEqualTo(new SmtpInput.Line("NOOP", false));
            f.release();
        }
    }

    @Test
    void bareLineEndsAreReportedAndNeverEndTheData() {
        framer.startData();
        add("a\n.\nb\r.\rc\r\n.\r\n");
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        List<SmtpInput> ends = new ArrayList<>();
        drain(framer, content, ends);
        assertThat(ends).containsExactly(new SmtpInput.DataEnd(true));
        assertThat(content.toString(StandardCharsets.UTF_8)).isEqualTo("a\n.\nb\r.\rc\r\n");
    }

    @Test
    void emptyMessage() {
        framer.startData();
        add(".\r\n");
        assertThat(framer.pollData()).isEqualTo(new SmtpInput.DataEnd(false));
        assertThat(framer.dataMode()).isFalse();
    }

    @Test
    void discardDropsWhatWasPipelinedAfterStartTls() {
        add("STARTTLS\r\nMAIL FROM:<injected@example.net>\r\n");
        assertThat(framer.pollLine()).isEqualTo(new SmtpInput.Line("STARTTLS", false));
        framer.discardBuffered();
        assertThat(framer.pollLine()).isNull();
        assertThat(framer.hasBuffered()).isFalse();
    }

    /** Content, end and bare-line-end flag of one DATA section fed in the given chunk sizes (0: one byte each). */
    private static String frame(byte[] wire, java.util.Random chunks) {
        return frame(wire, chunks, 40);
    }

    private static String frame(byte[] wire, java.util.Random chunks, int maxChunk) {
        SmtpInputFramer f = new SmtpInputFramer(ByteBufAllocator.DEFAULT, 64);
        f.startData();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        List<SmtpInput> ends = new ArrayList<>();
        for (int pos = 0; pos < wire.length && f.dataMode(); ) {
            int len = chunks == null ? 1 : Math.min(wire.length - pos, 1 + chunks.nextInt(maxChunk));
            f.add(Unpooled.copiedBuffer(wire, pos, len));
            pos += len;
            drain(f, content, ends);
        }
        String end = ends.isEmpty() ? "open" : "end bare=" + ((SmtpInput.DataEnd) ends.getFirst()).bareLineEnd();
        f.release();
        return java.util.HexFormat.of().formatHex(content.toByteArray()) + " " + end;
    }

    @Test
    void bulkCopiedLinesFrameExactlyAsByteByByte() {
        // fed one byte at a time, every byte goes through the state machine; in larger chunks, runs are copied
        java.util.Random rnd = new java.util.Random(20261125);
        byte[] alphabet = {'.', '\r', '\n', 'a', 'b', ' ', 0, (byte) 0xC3};
        for (int round = 0; round < 3_000; round++) {
            byte[] wire = new byte[rnd.nextInt(120)];
            for (int i = 0; i < wire.length; i++) {
                wire[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            if (rnd.nextBoolean()) {
                wire = (new String(wire, StandardCharsets.ISO_8859_1) + "\r\n.\r\n").getBytes(StandardCharsets.ISO_8859_1);
            }
            assertThat(frame(wire, rnd)).as("round %d", round).isEqualTo(frame(wire, null));
        }
    }

    @Test
    void longLinesInBigChunksFrameExactlyAsByteByByte() {
        // runs long enough for the eight-bytes-at-a-time line-end search, CR and LF at every position of a word,
        // stuffed dots and "." CR pairs split across chunks
        java.util.Random rnd = new java.util.Random(4711);
        for (int round = 0; round < 400; round++) {
            StringBuilder w = new StringBuilder();
            int lines = rnd.nextInt(30);
            for (int l = 0; l < lines; l++) {
                int kind = rnd.nextInt(10);
                if (kind == 0) {
                    w.append('.');
                } else if (kind == 1) {
                    w.append(".\rx");
                }
                int len = rnd.nextInt(90);
                for (int i = 0; i < len; i++) {
                    int c = rnd.nextInt(200);
                    w.append(c == 0 ? '\r' : c == 1 ? '\n' : c == 2 ? '\0' : (char) ('A' + c % 26));
                }
                w.append(rnd.nextInt(20) == 0 ? "\n" : "\r\n");
            }
            if (rnd.nextInt(4) > 0) {
                w.append(".\r\n");
            }
            byte[] wire = w.toString().getBytes(StandardCharsets.ISO_8859_1);
            assertThat(frame(wire, rnd, 300)).as("round %d", round).isEqualTo(frame(wire, null));
        }
    }

    @Test
    void lineEndFindsTheFirstCrOrLfAtEveryPosition() {
        for (int len = 0; len < 40; len++) {
            for (int at = 0; at <= len; at++) {
                for (byte end : new byte[]{'\r', '\n'}) {
                    byte[] a = new byte[len + 3];
                    java.util.Arrays.fill(a, (byte) 0x8D); // 0x0D with the high bit set must not match
                    a[0] = '\n'; // before the range
                    if (at < len) {
                        a[1 + at] = end;
                    }
                    a[len + 1] = '\r'; // after the range
                    assertThat(SmtpInputFramer.lineEnd(a, 1, len + 1)).as("len %d at %d", len, at).isEqualTo(1 + at);
                }
            }
        }
    }

    private static void drain(SmtpInputFramer f, ByteArrayOutputStream content, List<SmtpInput> ends) {
        while (f.dataMode()) {
            SmtpInput in = f.pollData();
            if (in == null) {
                return;
            }
            if (in instanceof SmtpInput.Content c) {
                ByteBuf b = c.bytes();
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                b.release();
                content.writeBytes(bytes);
            } else {
                ends.add(in);
            }
        }
    }
}
