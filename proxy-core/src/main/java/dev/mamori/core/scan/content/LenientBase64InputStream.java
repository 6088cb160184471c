package dev.mamori.core.scan.content;

import org.apache.james.mime4j.codec.DecodeMonitor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Decodes a base64 body exactly as mime4j 0.8's {@code Base64InputStream} does, but a whole quantum at a time: four
 * input bytes are looked up and written as three output bytes in a tight loop, and only irregular input (a line end, a
 * character outside the alphabet, a quantum that does not fit the caller's buffer, '=', the end of the input) takes the
 * byte-at-a-time path, which is a transcription of mime4j's (attribution: Apache James mime4j 0.8.14's
 * {@code Base64InputStream}, Apache License 2.0, a dependency of this module; reproduced rule for rule so that both
 * decode identically, and held to it by the differential tests).
 *
 * <p>Same output and same problem reports as mime4j, on every input and for every pattern of read calls: the scanner
 * must see what a mail client decodes, and a decoder that differs from mime4j's is an evasion path (or, the other way
 * round, a false alarm). In detail, as in mime4j:
 * <ul>
 *   <li>CR, LF and space are skipped silently; every other byte outside the alphabet (tab and 8-bit bytes included)
 *       is skipped with a warning {@code "Unexpected base64 byte: " + (byte) value}, {@code "ignoring."};</li>
 *   <li>the first '=' ends the body: a quantum of two or three characters before it gives one or two bytes (unused
 *       bits are not checked), a quantum of zero or one character is dropped with {@code "Unexpected padding
 *       character"}, {@code "dropping N sextet(s)"}; nothing after the '=' is read or decoded;</li>
 *   <li>an incomplete quantum at the end of the input is dropped with {@code "Unexpected end of BASE64 stream"},
 *       {@code "dropping N sextet(s)"};</li>
 *   <li>when the monitor's {@link DecodeMonitor#warn} returns true (strict mode) the read throws an
 *       {@link IOException} with mime4j's message at the same point;</li>
 *   <li>a read fills the caller's buffer unless the body ends; a read that meets a misplaced '=' before it decoded
 *       anything returns 0, as mime4j's does.</li>
 * </ul>
 * {@code LenientBase64InputStreamTest} and the Jazzer target {@code LenientBase64FuzzTest} check all of this against
 * mime4j's decoder, call for call and warning for warning.
 *
 * <p>Why not {@link java.util.Base64#getMimeDecoder()}: it throws on a misplaced '=' and on data after the padding,
 * decodes a trailing partial quantum of two or three characters that mime4j drops, and reports nothing about the
 * characters it skips, so its output and its findings would differ from mime4j's on exactly the inputs an attacker
 * controls.
 *
 * <p>The underlying stream is read only when more input is needed, in requests of {@value #ENCODED_BUFFER_SIZE} bytes
 * (mime4j's are usually 4000): if the underlying stream itself fails, the failure may surface a few kilobytes of output
 * earlier or later than with mime4j; what is decoded from the bytes read is the same. Like mime4j's stream,
 * {@link #close()} does not close the underlying stream. Not thread-safe.
 */
public final class LenientBase64InputStream extends DecodingInputStream {
    private static final int ENCODED_BUFFER_SIZE = 8192;
    private static final int[] DECODE = new int[256];
    private static final int PAD = '=';

    static {
        Arrays.fill(DECODE, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = i;
        }
    }

    private final byte[] encoded = new byte[ENCODED_BUFFER_SIZE];
    /** Decoded bytes of the last quantum that did not fit the caller's buffer (at most two). */
    private final byte[] pending = new byte[2];
    private int pendingStart;
    private int pendingLength;
    private int position;
    private int size;
    /** The input ended or a '=' was read: only pending bytes remain. */
    private boolean eof;

    public LenientBase64InputStream(InputStream in, DecodeMonitor monitor) {
        super(in, monitor);
    }

    @Override
    int decode(byte[] buffer, int from, int length) throws IOException {
        int to = from + length;
        int index = from;
        if (pendingLength > 0) {
            int n = Math.min(pendingLength, length);
            System.arraycopy(pending, pendingStart, buffer, index, n);
            pendingStart = n == pendingLength ? 0 : pendingStart + n;
            pendingLength -= n;
            index += n;
        }
        if (eof) {
            return index == from ? -1 : index - from;
        }
        int data = 0;
        int sextets = 0;
        byte[] src = encoded;
        while (index < to) {
            while (position == size) {
                int n = in.read(src, 0, src.length);
                if (n == -1) {
                    eof = true;
                    if (sextets != 0) {
                        problem("Unexpected end of BASE64 stream", sextets);
                    }
                    return index == from ? -1 : index - from;
                }
                if (n > 0) {
                    position = 0;
                    size = n;
                }
            }
            if (sextets == 0) {
                // the fast path: whole quanta of four alphabet characters while three output bytes fit
                int p = position;
                int lastQuantum = size - 4;
                int lastOutput = to - 3;
                while (p <= lastQuantum && index <= lastOutput) {
                    int quantum = DECODE[src[p] & 0xff] << 18 | DECODE[src[p + 1] & 0xff] << 12
                            | DECODE[src[p + 2] & 0xff] << 6 | DECODE[src[p + 3] & 0xff];
                    if (quantum < 0) {
                        // some byte is not in the alphabet (-1 keeps the sign through the shifts): a line end or
                        // space between quanta is skipped here, silently as mime4j does; anything else goes slowly
                        byte b = src[p];
                        if (b == '\r' || b == '\n' || b == ' ') {
                            p++;
                            continue;
                        }
                        break;
                    }
                    buffer[index] = (byte) (quantum >>> 16);
                    buffer[index + 1] = (byte) (quantum >>> 8);
                    buffer[index + 2] = (byte) quantum;
                    index += 3;
                    p += 4;
                }
                position = p;
                if (index == to || position == size) {
                    continue;
                }
            }
            // the slow path, one byte as mime4j takes it
            int value = src[position++] & 0xff;
            if (value == PAD) {
                return pad(data, sextets, buffer, index, to) - from;
            }
            int sextet = DECODE[value];
            if (sextet < 0) {
                if (value != '\r' && value != '\n' && value != ' '
                        && monitor.warn("Unexpected base64 byte: " + (byte) value, "ignoring.")) {
                    throw new IOException("Unexpected base64 byte");
                }
                continue;
            }
            data = data << 6 | sextet;
            if (++sextets == 4) {
                sextets = 0;
                index = put(buffer, index, to, (byte) (data >>> 16), (byte) (data >>> 8), (byte) data);
            }
        }
        return index - from;
    }

    /** Writes a quantum's three bytes, keeping those that do not fit for the next read. */
    private int put(byte[] buffer, int index, int to, byte b1, byte b2, byte b3) {
        int room = to - index;
        buffer[index] = b1;
        if (room >= 3) {
            buffer[index + 1] = b2;
            buffer[index + 2] = b3;
            return index + 3;
        }
        if (room == 2) {
            buffer[index + 1] = b2;
            keep(b3);
        } else {
            keep(b2);
            keep(b3);
        }
        return to;
    }

    private int pad(int data, int sextets, byte[] buffer, int index, int to) throws IOException {
        eof = true;
        if (sextets == 2) {
            buffer[index++] = (byte) (data >>> 4);
        } else if (sextets == 3) {
            buffer[index++] = (byte) (data >>> 10);
            byte second = (byte) (data >>> 2);
            if (index < to) {
                buffer[index++] = second;
            } else {
                keep(second);
            }
        } else {
            problem("Unexpected padding character", sextets);
        }
        return index;
    }

    private void keep(byte b) {
        pending[pendingStart + pendingLength] = b;
        pendingLength++;
    }

    private void problem(String message, int sextets) throws IOException {
        if (monitor.warn(message, "dropping " + sextets + " sextet(s)")) {
            throw new IOException(message);
        }
    }
}
