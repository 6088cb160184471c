package dev.mamori.pop3.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MultilineBodyTest {

    /** A stream as it comes from the upstream: body, maybe a terminator, maybe bytes of the next answer. */
    record Case(String name, String wire) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("empty body", ".\r\n"),
                new Case("empty body, bare LF", ".\n"),
                new Case("plain lines", "Subject: x\r\n\r\nhello\r\n.\r\n"),
                new Case("leading stuffed dot", "..hidden\r\nnext\r\n.\r\n"),
                new Case("stuffed dot-only line", "a\r\n..\r\nb\r\n.\r\n"),
                new Case("stuffed body starting with a dot line", "..\r\n.\r\n"),
                new Case("dot CR then other byte", "a\r\n.\rx\r\n.\r\n"),
                new Case("dot CR CR", "a\r\n.\r\r\n.\r\n"),
                new Case("dot CR dot", ".\r.\r\n.\r\n"),
                new Case("dot space is body", "a\r\n. \r\n.\r\n"),
                new Case("dot inside a line", "x.\r\ny..\r\n.\r\n"),
                new Case("bare LF lines", "a\nb\n..c\n.\n"),
                new Case("bare LF body, CRLF terminator", "a\n.\r\n"),
                new Case("empty lines", "\r\n\r\n.\r\n"),
                new Case("bytes after the terminator", "a\r\n.\r\n+OK next\r\n"),
                new Case("terminator-like bytes after the terminator", "a\r\n.\r\n.\r\n..\r\n"),
                new Case("no terminator yet, held dot", "a\r\n."),
                new Case("no terminator yet, held dot CR", "a\r\n.\r"),
                new Case("no terminator yet, mid line", "a\r\nb"));
    }

    // ------------------------------------------------------------------------------------------- fixed examples

    @Test
    void emptyBodyEndsRightAway() {
        Result r = feed(List.of(".\r\n"));
        assertThat(r.done).isTrue();
        assertThat(r.body).isEmpty();
        assertThat(r.rawBytes).isZero();
        assertThat(r.contentBytes).isZero();
        assertThat(r.slices).isZero();
    }

    @Test
    void stuffedBodyIsPassedOnStuffedAndCounted() {
        Result r = feed(List.of("..a\r\n..\r\n.\rb\r\nc\r\n.\r\n"));
        assertThat(r.done).isTrue();
        assertThat(text(r.body)).isEqualTo("..a\r\n..\r\n.\rb\r\nc\r\n");
        assertThat(r.rawBytes).isEqualTo(17);
        assertThat(r.contentBytes).isEqualTo(14); // three stuffed dots
    }

    @Test
    void bytesAfterTheTerminatorStayInTheBuffer() {
        ByteBuf in = ascii("a\r\n.\r\n+OK next\r\n");
        MultilineBody body = new MultilineBody();
        List<ByteBuf> out = new ArrayList<>();
        assertThat(body.feed(in, out::add)).isTrue();
        assertThat(in.toString(StandardCharsets.US_ASCII)).isEqualTo("+OK next\r\n");
        assertThat(concat(out)).isEqualTo(bytes("a\r\n"));
        assertThat(in.refCnt()).isEqualTo(1);
        in.release();
    }

    @Test
    void feedingAfterTheEndConsumesNothing() {
        MultilineBody body = new MultilineBody();
        ByteBuf first = ascii(".\r\n");
        assertThat(body.feed(first, b -> {
            throw new AssertionError("no body expected");
        })).isTrue();
        first.release();
        ByteBuf more = ascii("a\r\n");
        assertThat(body.feed(more, b -> {
            throw new AssertionError("nothing may be emitted after the end");
        })).isTrue();
        assertThat(more.readableBytes()).isEqualTo(3);
        assertThat(body.isDone()).isTrue();
        more.release();
    }

    @Test
    void aHeldDotIsReleasedWhenTheNextChunkShowsItIsStuffed() {
        MultilineBody body = new MultilineBody();
        List<ByteBuf> out = new ArrayList<>();
        ByteBuf c1 = ascii("a\r\n.");
        assertThat(body.feed(c1, out::add)).isFalse();
        assertThat(c1.isReadable()).isFalse();
        assertThat(concat(out)).isEqualTo(bytes("a\r\n")); // the dot is held back
        ByteBuf c2 = ascii(".b\r\n.\r\n");
        assertThat(body.feed(c2, out::add)).isTrue();
        assertThat(concat(out)).isEqualTo(bytes("..b\r\n")); // the held dot, then the rest of its line
        assertThat(body.rawBytes()).isEqualTo(8);
        assertThat(body.contentBytes()).isEqualTo(7);
        assertThat(c1.refCnt()).isEqualTo(1);
        assertThat(c2.refCnt()).isEqualTo(1);
        c1.release();
        c2.release();
    }

    @Test
    void aHeldDotCrIsReleasedWhenFollowedByAnotherByte() {
        Result r = feed(List.of("a\r\n.\r", "x\r\n.", "\r", "\n"));
        assertThat(r.done).isTrue();
        assertThat(text(r.body)).isEqualTo("a\r\n.\rx\r\n");
        assertThat(r.contentBytes).isEqualTo(r.rawBytes - 1);
    }

    @Test
    void incompleteBodyHoldsBackAPossibleTerminatorStart() {
        Result held1 = feed(List.of("a\r\n."));
        assertThat(held1.done).isFalse();
        assertThat(text(held1.body)).isEqualTo("a\r\n");
        Result held2 = feed(List.of("a\r\n.\r"));
        assertThat(held2.done).isFalse();
        assertThat(text(held2.body)).isEqualTo("a\r\n");
        assertThat(held2.rawBytes).isEqualTo(3);
    }

    // -------------------------------------------------------------------------------------------- every split

    @ParameterizedTest
    @MethodSource("cases")
    void oneByteAtATime(Case c) {
        byte[] wire = bytes(c.wire);
        List<byte[]> chunks = new ArrayList<>();
        for (byte b : wire) {
            chunks.add(new byte[]{b});
        }
        assertMatchesReference(wire, chunks);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everySplitIntoTwoChunks(Case c) {
        byte[] wire = bytes(c.wire);
        for (int i = 0; i <= wire.length; i++) {
            assertMatchesReference(wire, List.of(Arrays.copyOfRange(wire, 0, i), Arrays.copyOfRange(wire, i, wire.length)));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everySplitIntoThreeChunks(Case c) {
        byte[] wire = bytes(c.wire);
        for (int i = 0; i <= wire.length; i++) {
            for (int j = i; j <= wire.length; j++) {
                assertMatchesReference(wire, List.of(Arrays.copyOfRange(wire, 0, i), Arrays.copyOfRange(wire, i, j),
                        Arrays.copyOfRange(wire, j, wire.length)));
            }
        }
    }

    @Test
    void randomBodiesAndChunkingsMatchTheReference() {
        Random rnd = new Random(0x5EED_1939L);
        byte[] alphabet = {'.', '.', '\r', '\n', '\n', 'a', ' ', (byte) 0xE9};
        for (int round = 0; round < 3000; round++) {
            int len = rnd.nextInt(48);
            byte[] wire = new byte[len];
            for (int i = 0; i < len; i++) {
                wire[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            assertMatchesReference(wire, randomChunks(wire, rnd));
        }
    }

    @Test
    void randomStuffedMessagesAreFoundWhole() throws IOException {
        Random rnd = new Random(42);
        byte[] alphabet = {'.', '\r', '\n', 'x', 'y'};
        for (int round = 0; round < 500; round++) {
            byte[] content = new byte[rnd.nextInt(200)];
            for (int i = 0; i < content.length; i++) {
                content[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            ByteBuf stuffed = Unpooled.buffer();
            DotStuffing stuffing = new DotStuffing();
            stuffing.stuff(Unpooled.wrappedBuffer(content), stuffed);
            stuffing.finish(stuffed);
            stuffed.writeBytes(bytes("+OK"));
            byte[] wire = ByteBufUtil.getBytes(stuffed);
            stuffed.release();

            Result r = feed(randomChunks(wire, rnd).stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList());
            assertThat(r.done).isTrue();
            assertThat(r.leftover).isEqualTo(bytes("+OK"));
            byte[] unstuffed = new DotUnstuffingInputStream(new ByteArrayInputStream(r.body)).readAllBytes();
            assertThat(r.contentBytes).isEqualTo(unstuffed.length);
            assertThat(r.rawBytes).isEqualTo(r.body.length);
            assertThat(unstuffed).isEqualTo(withFinalCrlf(content));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<byte[]> randomChunks(byte[] wire, Random rnd) {
        List<byte[]> chunks = new ArrayList<>();
        int pos = 0;
        while (pos < wire.length) {
            int n = rnd.nextInt(Math.min(6, wire.length - pos) + 1); // empty chunks included on purpose
            chunks.add(Arrays.copyOfRange(wire, pos, pos + n));
            pos += n;
        }
        return chunks;
    }

    /** What the body must look like, computed the plain way: from the whole stream at once. */
    private record Expected(byte[] body, boolean done, byte[] leftover, long contentBytes) {
    }

    private static Expected reference(byte[] w) {
        long dots = 0;
        int p = 0;
        while (p < w.length) {
            // p is at a line start
            if (w[p] == '.') {
                if (p + 1 == w.length || (w[p + 1] == '\r' && p + 2 == w.length)) {
                    // cannot tell yet: held back
                    return new Expected(Arrays.copyOf(w, p), false, new byte[0], p - dots);
                }
                int after = w[p + 1] == '\n' ? p + 2 : w[p + 1] == '\r' && w[p + 2] == '\n' ? p + 3 : -1;
                if (after > 0) {
                    return new Expected(Arrays.copyOf(w, p), true, Arrays.copyOfRange(w, after, w.length), p - dots);
                }
                dots++;
            }
            int lf = p;
            while (lf < w.length && w[lf] != '\n') {
                lf++;
            }
            p = lf + 1;
        }
        return new Expected(w.clone(), false, new byte[0], w.length - dots);
    }

    private static void assertMatchesReference(byte[] wire, List<byte[]> chunks) {
        Expected want = reference(wire);
        Result got = feedBytes(chunks);
        String where = "wire " + printable(wire) + " in chunks " + chunks.stream().map(MultilineBodyTest::printable).toList();
        assertThat(got.done).as(where).isEqualTo(want.done);
        assertThat(got.body).as(where).isEqualTo(want.body);
        assertThat(got.rawBytes).as(where).isEqualTo(want.body.length);
        assertThat(got.contentBytes).as(where).isEqualTo(want.contentBytes);
        assertThat(got.leftover).as(where).isEqualTo(want.leftover);
    }

    private record Result(byte[] body, boolean done, byte[] leftover, long rawBytes, long contentBytes, int slices) {
    }

    private static Result feed(List<String> chunks) {
        return feedBytes(chunks.stream().map(MultilineBodyTest::bytes).toList());
    }

    /**
     * Feeds the chunks as the upstream handler would, stopping at the end of the body. Checks on the way that
     * every emitted slice is non-empty and that releasing the slices leaves each input with only its own reference.
     */
    private static Result feedBytes(List<byte[]> chunks) {
        MultilineBody body = new MultilineBody();
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        ByteArrayOutputStream leftover = new ByteArrayOutputStream();
        int[] slices = {0};
        boolean done = false;
        for (byte[] chunk : chunks) {
            if (done) {
                leftover.writeBytes(chunk);
                continue;
            }
            // a direct buffer with spare room, as from an allocator, to catch index arithmetic on readerIndex
            ByteBuf in = Unpooled.directBuffer(chunk.length + 8);
            in.writeBytes(new byte[]{'?', '?', '?'}).skipBytes(3);
            in.writeBytes(chunk);
            List<ByteBuf> out = new ArrayList<>();
            done = body.feed(in, out::add);
            assertThat(body.isDone()).isEqualTo(done);
            for (ByteBuf b : out) {
                assertThat(b.isReadable()).as("emitted slices are never empty").isTrue();
                byte[] copy = new byte[b.readableBytes()];
                b.getBytes(b.readerIndex(), copy);
                collected.writeBytes(copy);
                slices[0]++;
                b.release(); // a retained slice shares the input's count: checked on the input below
            }
            assertThat(in.refCnt()).as("feed keeps no reference of its own").isEqualTo(1);
            if (done) {
                byte[] rest = new byte[in.readableBytes()];
                in.readBytes(rest);
                leftover.writeBytes(rest);
            } else {
                assertThat(in.isReadable()).as("an unfinished feed consumes the whole chunk").isFalse();
            }
            assertThat(in.release()).isTrue();
        }
        return new Result(collected.toByteArray(), done, leftover.toByteArray(), body.rawBytes(), body.contentBytes(),
                slices[0]);
    }

    /** The content as a client sees it after {@link DotStuffing#finish}: a CRLF is added when it lacks one. */
    static byte[] withFinalCrlf(byte[] content) {
        int n = content.length;
        if (n == 0 || n >= 2 && content[n - 2] == '\r' && content[n - 1] == '\n') {
            return content;
        }
        byte[] out = Arrays.copyOf(content, n + 2);
        out[n] = '\r';
        out[n + 1] = '\n';
        return out;
    }

    private static byte[] concat(List<ByteBuf> bufs) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (ByteBuf b : bufs) {
            o.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        bufs.clear();
        return o.toByteArray();
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String printable(byte[] b) {
        return text(b).replace("\r", "\\r").replace("\n", "\\n");
    }
}
