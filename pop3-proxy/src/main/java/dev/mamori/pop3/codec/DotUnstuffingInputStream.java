package dev.mamori.pop3.codec;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Removes the leading dot of every line (RFC 1939 section 3) from a dot-stuffed body whose terminating line has
 * already been removed. Line starts follow the same rule as {@link MultilineBody}: the first byte and every byte
 * after an LF.
 */
public final class DotUnstuffingInputStream extends FilterInputStream {
    private boolean lineStart = true;
    private byte[] scratch;

    public DotUnstuffingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        while (true) {
            int b = super.read();
            if (b < 0) {
                return b;
            }
            if (lineStart && b == '.') {
                lineStart = false;
                continue;
            }
            lineStart = b == '\n';
            return b;
        }
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            return 0;
        }
        // Read into a scratch buffer, never into the caller's bytes beyond what is returned (InputStream contract).
        if (scratch == null || scratch.length < Math.min(len, 64 * 1024)) {
            scratch = new byte[Math.min(len, 64 * 1024)];
        }
        while (true) {
            int n = super.read(scratch, 0, Math.min(len, scratch.length));
            if (n <= 0) {
                return n;
            }
            int w = off;
            int r = 0;
            while (r < n) {
                if (lineStart) {
                    lineStart = false;
                    if (scratch[r] == '.') {
                        r++; // the stuffed dot
                        continue;
                    }
                }
                // copy up to and including the next LF in one piece
                int lf = r;
                while (lf < n && scratch[lf] != '\n') {
                    lf++;
                }
                int end = lf < n ? lf + 1 : n;
                System.arraycopy(scratch, r, buf, w, end - r);
                w += end - r;
                r = end;
                lineStart = lf < n;
            }
            if (w > off) {
                return w - off;
            }
            // the whole chunk was a single stuffed dot: read on
        }
    }

    /** Skips through the bulk read path: un-stuffing is sequential, so skipped bytes must still be read. */
    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
