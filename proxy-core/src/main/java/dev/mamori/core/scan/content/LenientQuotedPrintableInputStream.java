package dev.mamori.core.scan.content;

import org.apache.james.mime4j.codec.DecodeMonitor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Decodes a quoted-printable body as mime4j 0.8's {@code QuotedPrintableInputStream} does when it sees the whole
 * body at once, but with output that depends only on the input bytes, never on how the underlying stream hands them
 * over.
 *
 * <p>mime4j's decoder looks ahead only as far as its buffer happens to hold: after "==" it peeks at two more bytes
 * and treats a missing one as "not a line end", so the same body decodes differently (other bytes, other warnings)
 * depending on where the underlying reads end. The walker reads messages while they arrive, where those ends depend on
 * the network; a scanner must not. This decoder always looks ahead in the real input (it reads more before deciding,
 * or knows the input has ended), which is mime4j's behaviour with a buffer larger than the body.
 *
 * <p>The rules, as mime4j's (RFC 2045 §6.7 with its tolerance; warnings go to the monitor with mime4j's texts):
 * <ul>
 *   <li>"=" and two hex digits (either case) is one byte; "=" CR LF is a soft line break;</li>
 *   <li>white space (Java's {@link Character#isWhitespace}: tab, VT, FF, FS-US, space) is held back and written out
 *       when a byte that is not a line end follows, dropped before a line end ({@code "ignored blanks"}) and at the
 *       end of the body (silently);</li>
 *   <li>a line end is written as CR LF; a bare LF too ({@code "Found LF without CR"}); a bare CR is written as it is
 *       ({@code "Found CR without LF"}, and {@code "ignored blanks"} if blanks are held back, though they stay held
 *       and come after it), except at the very end of the body, where it is dropped;</li>
 *   <li>"=" followed by other white space than CR LF is a soft line break with a warning ({@code "Found non-standard
 *       soft line break"}) if only white space follows up to the line end, else it is kept as it is;</li>
 *   <li>"==" gives one "=" ({@code "Unexpected == encountered"}); "==" before a line end gives "=" and the line end
 *       is a soft one ({@code "Unexpected ==EOL encountered"});</li>
 *   <li>any other "=" takes the next two bytes and, when they are not two hex digits, writes all three as they are
 *       ({@code "Malformed encoded value encountered"}), so "=4=41" stays "=4=41";</li>
 *   <li>an {@code "ignored blanks"} warning lists at most {@value #DESCRIBED_BLANKS} of the dropped blanks, then
 *       {@code " ... (N in all)"} (mime4j lists all of them, see {@link #DESCRIBED_BLANKS});</li>
 *   <li>when the monitor's {@link DecodeMonitor#warn} returns true (strict mode) the problems about line ends and white
 *       space throw an {@link IOException} with mime4j's message; the others are warnings only, as in mime4j.</li>
 * </ul>
 * {@code LenientQuotedPrintableInputStreamTest} and the Jazzer target {@code LenientQuotedPrintableFuzzTest} check
 * this against mime4j reading the whole body at once, for every way of chunking the input and the reads.
 *
 * <p>Plain bytes, single blanks between words, CR LF, soft line breaks and valid escapes are decoded in a tight loop
 * while nothing is held back; everything else goes through a byte-at-a-time transcription of mime4j's rules. The
 * underlying stream is read in requests of up to {@value #ENCODED_BUFFER_SIZE} bytes, only when more input is needed
 * (after an "=", until three more bytes are there or the input ended). Like mime4j's stream, {@link #close()} does not
 * close the underlying stream. Not thread-safe.
 *
 * <p>Attribution: the byte-at-a-time rules reproduce those of Apache James mime4j 0.8.14's
 * {@code QuotedPrintableInputStream} (Apache License 2.0; mime4j is a dependency of this module), rule for rule, so
 * that both decode identically; the differential tests hold this class to them.
 */
public final class LenientQuotedPrintableInputStream extends DecodingInputStream {
    private static final int ENCODED_BUFFER_SIZE = 8192;
    private static final int EQ = '=';
    private static final int CR = '\r';
    private static final int LF = '\n';
    /** How many bytes after an "=" decide what it means (two hex digits, or "=" and a line end of up to two). */
    private static final int EQ_LOOKAHEAD = 3;
    /**
     * How many dropped blanks an {@code "ignored blanks"} warning lists. mime4j lists them all, and it warns again for
     * every bare CR while the same blanks are held back: a megabyte of blanks followed by a megabyte of bare CRs would
     * cost terabytes of warning text. The one deliberate difference from mime4j's output.
     */
    static final int DESCRIBED_BLANKS = 32;
    /** Byte classes: written as they are, held back as a blank, or needing a decision ("=", CR, LF). */
    private static final byte PLAIN = 0;
    private static final byte BLANK = 1;
    private static final byte SPECIAL = 2;
    private static final byte[] CLASS = new byte[256];
    private static final int[] HEX = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            // mime4j's test for blanks, on the byte value as a char
            CLASS[i] = Character.isWhitespace((char) i) ? BLANK : PLAIN;
        }
        CLASS[EQ] = SPECIAL;
        CLASS[CR] = SPECIAL;
        CLASS[LF] = SPECIAL;
        Arrays.fill(HEX, -1);
        for (int i = 0; i < 10; i++) {
            HEX['0' + i] = i;
        }
        for (int i = 0; i < 6; i++) {
            HEX['A' + i] = 10 + i;
            HEX['a' + i] = 10 + i;
        }
    }

    private final byte[] encoded = new byte[ENCODED_BUFFER_SIZE];
    private int position;
    private int size;
    /** The underlying stream returned -1: what is in {@link #encoded} is all there is. */
    private boolean inputEnded;
    /** The last byte taken was a CR whose meaning depends on the next byte. */
    private boolean lastWasCR;
    /** White space held back (and "=" plus a blank of a soft line break being recognised), as mime4j's. */
    private byte[] blanks = new byte[64];
    private int blanksLength;
    /** Decoded bytes that did not fit the caller's buffer, written first by the next read. */
    private byte[] overflow = new byte[64];
    private int overflowStart;
    private int overflowLength;
    // the caller's buffer during a read
    private byte[] out;
    private int outIndex;
    private int outEnd;

    public LenientQuotedPrintableInputStream(InputStream in, DecodeMonitor monitor) {
        super(in, monitor);
    }

    @Override
    int decode(byte[] buffer, int from, int length) throws IOException {
        out = buffer;
        outIndex = from;
        outEnd = from + length;
        try {
            if (overflowLength > 0) {
                int n = Math.min(overflowLength, length);
                System.arraycopy(overflow, overflowStart, buffer, from, n);
                overflowStart = n == overflowLength ? 0 : overflowStart + n;
                overflowLength -= n;
                outIndex += n;
            }
            while (outIndex < outEnd) {
                if (position == size && !fill(1)) {
                    // the end: held-back blanks and a last bare CR are dropped, as mime4j drops them
                    blanksLength = 0;
                    lastWasCR = false;
                    return outIndex == from ? -1 : outIndex - from;
                }
                if (blanksLength == 0 && !lastWasCR) {
                    fast();
                    if (outIndex == outEnd || position == size) {
                        continue;
                    }
                }
                int b = encoded[position] & 0xff;
                if (b == EQ && size - position <= EQ_LOOKAHEAD) {
                    fill(EQ_LOOKAHEAD + 1);
                }
                position++;
                slow(b);
            }
            return outIndex - from;
        } finally {
            out = null;
        }
    }

    /**
     * Decodes what needs no decision while nothing is held back: plain bytes, CR LF, a soft line break, a valid escape,
     * and one blank before a plain byte, a soft line break or a valid escape. Stops before anything else, at the end of
     * the buffered input or of the caller's buffer, and leaves nothing held back.
     */
    private void fast() {
        byte[] src = encoded;
        byte[] dst = out;
        int p = position;
        int end = size;
        int index = outIndex;
        int last = outEnd;
        while (p < end && index < last) {
            byte b = src[p];
            byte kind = CLASS[b & 0xff];
            if (kind == PLAIN) {
                dst[index++] = b;
                p++;
                continue;
            }
            if (p + 1 >= end) {
                break;
            }
            byte next = src[p + 1];
            if (kind == BLANK) {
                if (index + 1 >= last) {
                    break;
                }
                if (CLASS[next & 0xff] == PLAIN) {
                    dst[index] = b;
                    dst[index + 1] = next;
                    index += 2;
                    p += 2;
                    continue;
                }
                // a blank before a soft line break or an escape is written out by it (words end so at line ends)
                if (next != EQ || p + 3 >= end) {
                    break;
                }
                byte third = src[p + 2];
                byte fourth = src[p + 3];
                if (third == CR && fourth == LF) {
                    dst[index++] = b;
                    p += 4;
                    continue;
                }
                int value = HEX[third & 0xff] << 4 | HEX[fourth & 0xff];
                if (value < 0) {
                    break;
                }
                dst[index] = b;
                dst[index + 1] = (byte) value;
                index += 2;
                p += 4;
            } else if (b == CR) {
                if (next != LF || index + 1 >= last) {
                    break;
                }
                dst[index] = CR;
                dst[index + 1] = LF;
                index += 2;
                p += 2;
            } else if (b == EQ && p + 2 < end) {
                byte third = src[p + 2];
                if (next == CR && third == LF) {
                    p += 3;
                    continue;
                }
                int value = HEX[next & 0xff] << 4 | HEX[third & 0xff];
                if (value < 0) {
                    break;
                }
                dst[index++] = (byte) value;
                p += 3;
            } else {
                break; // a bare LF (a warning) or an "=" too close to the end of the buffered input
            }
        }
        position = p;
        outIndex = index;
    }

    /** One byte, {@code b}, already taken from the input, by mime4j's rules. */
    private void slow(int b) throws IOException {
        if (lastWasCR && b != LF) {
            problem("Found CR without LF", "Leaving it as is", "Found CR without LF");
            transfer(CR, false);
        } else if (!lastWasCR && b == LF) {
            problem("Found LF without CR", "Translating to CRLF", "Found LF without CR");
        }
        if (b == CR) {
            lastWasCR = true;
            return;
        }
        lastWasCR = false;
        if (b == LF) {
            if (blanksLength == 0 || blanks[0] != EQ) {
                // a hard line break; blanks before it are dropped with a warning
                transfer(CR, false);
                transfer(LF, false);
            }
            blanksLength = 0;
        } else if (b == EQ) {
            escape();
        } else if (CLASS[b] == BLANK) {
            holdBlank(b);
        } else {
            transfer(b, true);
        }
    }

    /** After an "=": the input holds the next {@value #EQ_LOOKAHEAD} bytes, or all there is. */
    private void escape() throws IOException {
        int b2 = take();
        if (b2 == EQ) {
            transfer(EQ, true);
            int bb1 = peek(0);
            int bb2 = peek(1);
            if (bb1 == LF || (bb1 == CR && bb2 == LF)) {
                monitor.warn("Unexpected ==EOL encountered", "== 0x" + bb1 + " 0x" + bb2);
                holdBlank(EQ);
            } else {
                monitor.warn("Unexpected == encountered", "==");
            }
        } else if (b2 >= 0 && CLASS[b2] == BLANK || b2 == CR || b2 == LF) {
            int bb1 = peek(0);
            if (!(b2 == CR && bb1 == LF)) {
                problem("Found non-standard soft line break", "Translating to soft line break",
                        "Non-standard soft line break");
            }
            if (bb1 == LF) {
                lastWasCR = b2 == CR;
            }
            transfer(-1, true);
            if (b2 != LF) {
                holdBlank(EQ);
                holdBlank(b2);
            }
        } else {
            int b3 = take();
            int upper = b2 < 0 ? -1 : HEX[b2];
            int lower = b3 < 0 ? -1 : HEX[b3];
            if (upper < 0 || lower < 0) {
                monitor.warn("Malformed encoded value encountered", "leaving =" + (char) b2 + (char) b3 + " as is");
                transfer(EQ, true);
                transfer(b2, false);
                transfer(b3, false);
            } else {
                transfer(upper << 4 | lower, true);
            }
        }
    }

    /**
     * Writes {@code b} (none if -1), after the held-back blanks when {@code keepBlanks}; otherwise held-back blanks are
     * reported as dropped (and, as in mime4j, still held back).
     */
    private void transfer(int b, boolean keepBlanks) throws IOException {
        if (blanksLength > 0) {
            if (keepBlanks) {
                write(blanks, 0, blanksLength);
                blanksLength = 0;
            } else {
                StringBuilder dropped = new StringBuilder(4 * DESCRIBED_BLANKS);
                for (int i = 0; i < Math.min(blanksLength, DESCRIBED_BLANKS); i++) {
                    dropped.append(' ').append(blanks[i]);
                }
                if (blanksLength > DESCRIBED_BLANKS) {
                    dropped.append(" ... (").append(blanksLength).append(" in all)");
                }
                if (monitor.warn("ignored blanks", dropped.toString())) {
                    throw new IOException("ignored blanks");
                }
            }
        }
        if (b != -1) {
            if (outIndex < outEnd) {
                out[outIndex++] = (byte) b;
            } else {
                keep(new byte[] {(byte) b}, 0, 1);
            }
        }
    }

    private void write(byte[] bytes, int from, int length) {
        int n = Math.min(length, outEnd - outIndex);
        System.arraycopy(bytes, from, out, outIndex, n);
        outIndex += n;
        if (n < length) {
            keep(bytes, from + n, length - n);
        }
    }

    private void keep(byte[] bytes, int from, int length) {
        if (overflowStart + overflowLength + length > overflow.length) {
            byte[] grown = new byte[Math.max(overflow.length * 2, overflowLength + length)];
            System.arraycopy(overflow, overflowStart, grown, 0, overflowLength);
            overflow = grown;
            overflowStart = 0;
        }
        System.arraycopy(bytes, from, overflow, overflowStart + overflowLength, length);
        overflowLength += length;
    }

    private void holdBlank(int b) {
        if (blanksLength == blanks.length) {
            blanks = Arrays.copyOf(blanks, blanks.length * 2);
        }
        blanks[blanksLength++] = (byte) b;
    }

    private void problem(String message, String dropDesc, String exceptionMessage) throws IOException {
        if (monitor.warn(message, dropDesc)) {
            throw new IOException(exceptionMessage);
        }
    }

    private int take() {
        return position < size ? encoded[position++] & 0xff : -1;
    }

    private int peek(int ahead) {
        return position + ahead < size ? encoded[position + ahead] & 0xff : -1;
    }

    /**
     * Reads until at least {@code wanted} bytes are buffered after {@link #position} or the input ends; returns whether
     * any byte is buffered.
     */
    private boolean fill(int wanted) throws IOException {
        while (size - position < wanted && !inputEnded) {
            if (position > 0) {
                System.arraycopy(encoded, position, encoded, 0, size - position);
                size -= position;
                position = 0;
            }
            int n = in.read(encoded, size, encoded.length - size);
            if (n == -1) {
                inputEnded = true;
            } else {
                size += n;
            }
        }
        return position < size;
    }
}
