package dev.mamori.core.scan.content;

import dev.mamori.core.scan.MessageSource;

import java.io.IOException;
import java.io.InputStream;

/** A spooled message as item bytes, read from the spool rather than copied. */
final class SourceBytes implements ContentBytes {
    private final MessageSource source;

    SourceBytes(MessageSource source) {
        this.source = source;
    }

    @Override
    public InputStream open() throws IOException {
        return source.openStream();
    }

    @Override
    public long size() {
        return source.size();
    }

    @Override
    public byte[] read(long offset, int max) throws IOException {
        return source.read(offset, max);
    }
}
