package dev.mamori.smtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Frames what an SMTP client sends, on the session's demand: {@link #pollLine()} in command mode, {@link #pollData()}
 * after the session accepted DATA. Pull-based rather than a pipeline decoder because whether the bytes after
 * {@code DATA} are message content depends on the session's answer to it, which may come later (after the upstream
 * replied). Not thread-safe: the session's event loop only.
 *
 * <p>Command lines end at LF; a CR before it is removed. Message content lines end at CRLF only: the end of data is
 * {@code CRLF . CRLF} and nothing else, so a bare LF or CR can neither end the message here nor be re-sent to an
 * upstream that might read it as an end (SMTP smuggling); such messages are reported through
 * {@link SmtpInput.DataEnd#bareLineEnd()} and refused by the session.
 */
public final class SmtpInputFramer {
    private enum DataState { LINE_START, DOT, DOT_CR, MIDDLE, CR }

    private final int maxLineLength;
    private final CompositeByteBuf buffer;
    private boolean discarding;
    private boolean dataMode;
    private DataState state;
    private boolean bare;

    public SmtpInputFramer(ByteBufAllocator alloc, int maxLineLength) {
        this.maxLineLength = maxLineLength;
        this.buffer = alloc.compositeBuffer(64);
    }

    /** Takes ownership of {@code bytes}. */
    public void add(ByteBuf bytes) {
        buffer.addComponent(true, bytes);
    }

    public boolean hasBuffered() {
        return buffer.isReadable();
    }

    /** Drops everything received but not yet framed: nothing pipelined after STARTTLS may be read as a command. */
    public void discardBuffered() {
        buffer.skipBytes(buffer.readableBytes());
        buffer.discardReadComponents();
    }

    /** The next command line, or {@code null} until one is complete. */
    public SmtpInput pollLine() {
        if (dataMode) {
            throw new IllegalStateException("in DATA mode");
        }
        while (buffer.isReadable()) {
            int start = buffer.readerIndex();
            int lf = buffer.indexOf(start, buffer.writerIndex(), (byte) '\n');
            if (discarding) {
                if (lf < 0) {
                    buffer.skipBytes(buffer.readableBytes());
                    compact();
                    return null;
                }
                buffer.readerIndex(lf + 1);
                compact();
                discarding = false;
                return new SmtpInput.TooLong();
            }
            if (lf < 0) {
                if (buffer.readableBytes() >= maxLineLength) {
                    discarding = true;
                    continue;
                }
                return null;
            }
            int len = lf - start + 1;
            if (len > maxLineLength) {
                buffer.readerIndex(lf + 1);
                compact();
                return new SmtpInput.TooLong();
            }
            int textLen = lf - start;
            if (textLen > 0 && buffer.getByte(lf - 1) == '\r') {
                textLen--;
            }
            boolean forbidden = buffer.indexOf(start, start + textLen, (byte) 0) >= 0
                    || buffer.indexOf(start, start + textLen, (byte) '\r') >= 0;
            String text = buffer.toString(start, textLen, StandardCharsets.UTF_8);
            buffer.readerIndex(lf + 1);
            compact();
            return new SmtpInput.Line(text, forbidden);
        }
        return null;
    }

    /** Switches to message content, right after the session sent 354. */
    public void startData() {
        dataMode = true;
        state = DataState.LINE_START;
        bare = false;
    }

    public boolean dataMode() {
        return dataMode;
    }

    /**
     * The next piece of content (un-stuffed), the end of data (back in command mode afterwards), or {@code null}
     * until more bytes arrive.
     */
    public SmtpInput pollData() {
        if (!dataMode) {
            throw new IllegalStateException("not in DATA mode");
        }
        if (pendingEnd) {
            return end();
        }
        int from = buffer.readerIndex();
        int available = buffer.writerIndex() - from;
        if (available == 0) {
            return null;
        }
        // one bulk copy into the output array, one position in, then un-stuffed in place: un-stuffing only removes
        // bytes, except that a "." CR carried over from the previous call and followed by something else than LF puts
        // back the CR it held, one byte more than it reads; the spare first byte makes room for that
        byte[] a = new byte[available + 1];
        buffer.getBytes(from, a, 1, available);
        int end = available + 1;
        int o = 0;
        boolean finished = false;
        int i = 1;
        for (; i < end && !finished; i++) {
            byte b = a[i];
            switch (state) {
                case LINE_START -> {
                    if (b == '.') {
                        state = DataState.DOT;
                    } else {
                        o = middle(a, o, b);
                    }
                }
                case DOT -> {
                    if (b == '\r') {
                        state = DataState.DOT_CR;
                    } else {
                        o = middle(a, o, b); // the dot was stuffing
                    }
                }
                case DOT_CR -> {
                    if (b == '\n') {
                        finished = true;
                    } else {
                        bare = true;
                        a[o++] = '\r';
                        state = DataState.MIDDLE;
                        o = middle(a, o, b);
                    }
                }
                case MIDDLE -> {
                    if (b != '\r' && b != '\n') {
                        // the common case: move the rest of the line up to its CR or LF in one go
                        int j = lineEnd(a, i + 1, end);
                        System.arraycopy(a, i, a, o, j - i);
                        o += j - i;
                        i = j - 1;
                    } else {
                        o = middle(a, o, b);
                    }
                }
                case CR -> {
                    a[o++] = b;
                    if (b == '\n') {
                        state = DataState.LINE_START;
                    } else if (b != '\r') {
                        bare = true;
                        state = DataState.MIDDLE;
                    } else {
                        bare = true;
                    }
                }
            }
        }
        i--; // bytes of the buffer consumed
        buffer.readerIndex(from + i);
        compact();
        if (o > 0) {
            if (finished) {
                pendingEnd = true;
            }
            return new SmtpInput.Content(Unpooled.wrappedBuffer(a, 0, o));
        }
        if (finished) {
            return end();
        }
        return null;
    }

    private boolean pendingEnd;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long CRS = 0x0D0D0D0D0D0D0D0DL;
    private static final long LFS = 0x0A0A0A0A0A0A0A0AL;

    /** The index of the first CR or LF in {@code a[from, to)}, or {@code to}; eight bytes per step. */
    static int lineEnd(byte[] a, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long w = (long) LONGS.get(a, i);
            long found = zeroBytes(w ^ CRS) | zeroBytes(w ^ LFS);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == '\r' || a[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    /** The high bit of each byte of {@code v} that is zero, and no other bit (no carries between bytes). */
    private static long zeroBytes(long v) {
        return ~(((v & LOW7) + LOW7) | v | LOW7);
    }

    private SmtpInput end() {
        pendingEnd = false;
        dataMode = false;
        return new SmtpInput.DataEnd(bare);
    }

    private int middle(byte[] out, int o, byte b) {
        out[o++] = b;
        if (b == '\r') {
            state = DataState.CR;
        } else {
            if (b == '\n') {
                bare = true; // a bare LF does not start a line: ".\n" here is content, not an end
            }
            state = DataState.MIDDLE;
        }
        return o;
    }

    private void compact() {
        buffer.discardReadComponents();
    }

    public void release() {
        buffer.release();
    }
}
