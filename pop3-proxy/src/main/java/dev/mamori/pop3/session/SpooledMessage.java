package dev.mamori.pop3.session;

import dev.mamori.core.scan.MessageSource;
import dev.mamori.core.spool.Spool;
import dev.mamori.pop3.codec.DotUnstuffingInputStream;

import java.io.IOException;
import java.io.InputStream;

/** A retrieved message as the scanner sees it: the spool holds the dot-stuffed wire form, readers get the content. */
final class SpooledMessage implements MessageSource {
    private final Spool spool;
    private final long contentSize;

    SpooledMessage(Spool spool, long contentSize) {
        this.spool = spool;
        this.contentSize = contentSize;
    }

    @Override
    public InputStream openStream() throws IOException {
        // no line of the body started with a dot (content length = wire length): the wire form is the content
        if (contentSize == spool.size()) {
            return spool.openStream();
        }
        return new DotUnstuffingInputStream(spool.openStream());
    }

    @Override
    public long size() {
        return contentSize;
    }
}
