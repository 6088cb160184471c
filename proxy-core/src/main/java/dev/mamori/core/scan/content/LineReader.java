package dev.mamori.core.scan.content;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads Latin-1 lines without their terminator, each cut at {@code maxLength} characters (the rest of an overlong
 * line is skipped), so that a body without line breaks costs no more memory than one short line.
 */
final class LineReader implements AutoCloseable {
    private final InputStream in;
    private final byte[] line;

    LineReader(InputStream in, int maxLength) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.line = new byte[maxLength];
    }

    /** The next line, or null at the end. */
    String next() throws IOException {
        int len = 0;
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (len < line.length) {
                line[len++] = (byte) c;
            }
        }
        if (c < 0 && len == 0) {
            return null;
        }
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        return new String(line, 0, len, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
