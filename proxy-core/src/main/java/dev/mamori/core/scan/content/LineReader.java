package dev.mamori.core.scan.content;

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
    // own buffer rather than BufferedInputStream.read() per byte: this runs over every byte of every text part
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;

    LineReader(InputStream in, int maxLength) {
        this.in = in;
        this.line = new byte[maxLength];
    }

    /** The next line, or null at the end. */
    String next() throws IOException {
        int len = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            int end = limit;
            int i = start;
            while (i < end && buf[i] != '\n') {
                i++;
            }
            int take = Math.min(i - start, line.length - len);
            if (take > 0) {
                System.arraycopy(buf, start, line, len, take);
                len += take;
            }
            if (i < end) {
                pos = i + 1; // past the LF
                break;
            }
            pos = end;
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
