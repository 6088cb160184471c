package dev.mamori.core.scan.content;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;

/**
 * Decodes the lines of one uuencoded (or {@code begin-base64}) block as a stream, line by line, so a block is never
 * held whole. Stops at {@code end} / {@code ====}, at the end of the text, or at a line that is not part of the
 * encoding (reported as damage).
 */
final class UuBlockStream extends InputStream {
    private final LineReader lines;
    private final boolean base64;
    private byte[] decoded = new byte[0];
    private int pos;
    private boolean ended;
    private boolean done;

    UuBlockStream(LineReader lines, boolean base64) {
        this.lines = lines;
        this.base64 = base64;
    }

    /** True when the block was closed by its end line rather than cut off. */
    boolean ended() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (pos == decoded.length) {
            if (done) {
                return -1;
            }
            nextLine();
        }
        int n = Math.min(len, decoded.length - pos);
        System.arraycopy(decoded, pos, b, off, n);
        pos += n;
        return n;
    }

    private void nextLine() throws IOException {
        pos = 0;
        decoded = new byte[0];
        String line = lines.next();
        if (line == null) {
            done = true;
            return;
        }
        if (base64 ? line.equals("====") : line.strip().equals("end")) {
            ended = true;
            done = true;
            return;
        }
        if (line.isEmpty()) {
            return;
        }
        decoded = base64 ? decodeBase64(line) : decodeUu(line);
    }

    private byte[] decodeBase64(String line) throws IOException {
        try {
            return Base64.getMimeDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            done = true;
            throw new IOException("invalid base64 line in begin-base64 block");
        }
    }

    /** A uu line: a length character, then four characters per three bytes, each {@code ' ' + 6 bits} ('`' is 0). */
    private byte[] decodeUu(String line) throws IOException {
        int length = sixBits(line.charAt(0));
        if (length < 0 || length > 45) {
            done = true;
            throw new IOException("invalid uuencoded line");
        }
        byte[] out = new byte[length];
        int o = 0;
        for (int i = 1; o < length; i += 4) {
            int c0 = sixBits(charAt(line, i));
            int c1 = sixBits(charAt(line, i + 1));
            int c2 = sixBits(charAt(line, i + 2));
            int c3 = sixBits(charAt(line, i + 3));
            if (c0 < 0 || c1 < 0 || c2 < 0 || c3 < 0) {
                done = true;
                throw new IOException("invalid character in uuencoded line");
            }
            int triple = c0 << 18 | c1 << 12 | c2 << 6 | c3;
            for (int shift = 16; shift >= 0 && o < length; shift -= 8) {
                out[o++] = (byte) (triple >> shift);
            }
        }
        return out;
    }

    /** Encoders drop trailing spaces; a missing character counts as zero bits. */
    private static char charAt(String line, int i) {
        return i < line.length() ? line.charAt(i) : ' ';
    }

    private static int sixBits(char c) {
        return c == '`' ? 0 : c >= ' ' && c < '`' ? c - ' ' : -1;
    }
}
