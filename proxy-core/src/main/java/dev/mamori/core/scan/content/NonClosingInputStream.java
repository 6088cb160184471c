package dev.mamori.core.scan.content;

import java.io.FilterInputStream;
import java.io.InputStream;

/** The current entry of an archive stream, handed out without letting the reader close the whole archive. */
final class NonClosingInputStream extends FilterInputStream {
    NonClosingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public void close() {
        // the archive stream is closed by its expander
    }
}
