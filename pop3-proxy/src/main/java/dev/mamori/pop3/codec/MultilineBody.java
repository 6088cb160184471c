package dev.mamori.pop3.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.function.Consumer;

/**
 * Finds the end of a POP3 multi-line body ({@code CRLF . CRLF}) in a stream of chunks, without copying: body bytes
 * are handed on as slices, still dot-stuffed, and the terminating line is left out. A line start is the first byte
 * of the body or the byte after an LF; a line consisting of a single dot ends the body, whether it ends in CRLF or
 * (from lenient servers) a bare LF, the same rule clients apply.
 *
 * <p>Up to two bytes ({@code "."}, {@code ".\r"}) may be held back at a chunk boundary until the next chunk shows
 * whether they start the terminator; they are released as their own small buffer when they do not.
 */
public final class MultilineBody {
    private static final byte[] DOT = {'.'};
    private static final byte[] DOT_CR = {'.', '\r'};

    private enum State { LINE_START, DOT, DOT_CR, MID_LINE }

    private State state = State.LINE_START;
    private long rawBytes;
    private long stuffedDots;
    private boolean done;

    /**
     * Consumes bytes from {@code in} up to and including the terminator, passing body slices (retained; the
     * consumer releases them) to {@code body}. Returns true when the terminator was found; the remaining readable
     * bytes of {@code in} then follow the body.
     */
    public boolean feed(ByteBuf in, Consumer<ByteBuf> body) {
        if (done) {
            return true;
        }
        int start = in.readerIndex();
        int i = start;
        int end = in.writerIndex();
        while (i < end) {
            switch (state) {
                case MID_LINE -> {
                    int lf = in.indexOf(i, end, (byte) '\n');
                    if (lf < 0) {
                        i = end;
                    } else {
                        i = lf + 1;
                        state = State.LINE_START;
                    }
                }
                case LINE_START -> {
                    byte b = in.getByte(i);
                    if (b == '.') {
                        // possible terminator: emit what came before the dot, hold the dot
                        emit(in, start, i, body);
                        state = State.DOT;
                        i++;
                        start = i;
                    } else {
                        state = b == '\n' ? State.LINE_START : State.MID_LINE;
                        i++;
                    }
                }
                case DOT -> {
                    byte b = in.getByte(i);
                    if (b == '\n') {
                        return terminate(in, i + 1);
                    }
                    if (b == '\r') {
                        state = State.DOT_CR;
                        i++;
                        start = i;
                    } else {
                        // a stuffed dot: the held dot is body
                        release(DOT, body);
                        stuffedDots++;
                        state = State.MID_LINE;
                    }
                }
                case DOT_CR -> {
                    byte b = in.getByte(i);
                    if (b == '\n') {
                        return terminate(in, i + 1);
                    }
                    // ".\r" followed by something else: a stuffed dot and a bare CR, both body
                    release(DOT_CR, body);
                    stuffedDots++;
                    state = State.MID_LINE;
                }
            }
        }
        emit(in, start, end, body);
        in.readerIndex(end);
        return false;
    }

    private boolean terminate(ByteBuf in, int after) {
        in.readerIndex(after);
        done = true;
        return true;
    }

    private void emit(ByteBuf in, int from, int to, Consumer<ByteBuf> body) {
        if (to > from) {
            rawBytes += to - from;
            body.accept(in.retainedSlice(from, to - from));
        }
    }

    private void release(byte[] held, Consumer<ByteBuf> body) {
        rawBytes += held.length;
        body.accept(Unpooled.wrappedBuffer(held));
    }

    public boolean isDone() {
        return done;
    }

    /** Body bytes as received, dot-stuffing included, terminator excluded. */
    public long rawBytes() {
        return rawBytes;
    }

    /** The body's length once un-dot-stuffed. */
    public long contentBytes() {
        return rawBytes - stuffedDots;
    }
}
