package dev.mamori.core.scan.content;

import org.apache.james.mime4j.codec.DecodeMonitor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The {@link InputStream} side shared by the walker's body decoders ({@link LenientBase64InputStream},
 * {@link LenientQuotedPrintableInputStream}): argument checks, single-byte reads, and close, all as mime4j's decoder
 * streams behave (closing does not close the underlying stream; a read after close throws). Subclasses decode.
 */
abstract class DecodingInputStream extends InputStream {
    final InputStream in;
    final DecodeMonitor monitor;
    private final byte[] single = new byte[1];
    private boolean closed;

    DecodingInputStream(InputStream in, DecodeMonitor monitor) {
        this.in = Objects.requireNonNull(in, "in");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /**
     * Decodes into {@code buffer[from, from + length)}, {@code length >= 1}: the number of bytes written (0 is allowed
     * where mime4j returns 0), or -1 at the end of the input.
     */
    abstract int decode(byte[] buffer, int from, int length) throws IOException;

    @Override
    public final int read() throws IOException {
        ensureOpen();
        while (true) {
            int n = decode(single, 0, 1);
            if (n == -1) {
                return -1;
            }
            if (n == 1) {
                return single[0] & 0xff;
            }
        }
    }

    @Override
    public final int read(byte[] buffer, int offset, int length) throws IOException {
        ensureOpen();
        Objects.checkFromIndexSize(offset, length, buffer.length);
        return length == 0 ? 0 : decode(buffer, offset, length);
    }

    @Override
    public final void close() {
        closed = true;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("Stream has been closed");
        }
    }
}
