package dev.mamori.pop3.session;

import dev.mamori.core.scan.ArrivingMessage;
import dev.mamori.core.scan.MessageSource;
import dev.mamori.core.spool.Spool;
import dev.mamori.pop3.codec.DotUnstuffingInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A retrieved message as the scanner sees it: the spool holds the dot-stuffed wire form, readers get the content.
 * While the answer still arrives it is an {@link ArrivingMessage}; the interceptor completes it at the terminating
 * line (or fails it when the message will not arrive), and from then on it is a complete {@link MessageSource}.
 */
final class SpooledMessage implements MessageSource, ArrivingMessage {
    private final Spool spool;
    private final CompletableFuture<SpooledMessage> complete = new CompletableFuture<>();
    private volatile long contentSize = -1;

    SpooledMessage(Spool spool) {
        this.spool = spool;
    }

    /** The terminating line arrived: the content had {@code bytes} bytes. Set before the message is sealed. */
    void contentSize(long bytes) {
        this.contentSize = bytes;
    }

    /** The spool holds every byte (see {@link Spool#finish()}). */
    void completed() {
        complete.complete(this);
    }

    /** The message will not arrive (the caller closes the spool, which also ends a reader of it). */
    void failed(Throwable why) {
        complete.completeExceptionally(why);
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

    @Override
    public InputStream openArriving() {
        // un-stuffing content that has no stuffed dots changes nothing, and that is not known before the end
        return new DotUnstuffingInputStream(spool.openGrowingStream());
    }

    @Override
    public MessageSource arrived() {
        return this;
    }

    @Override
    public CompletionStage<SpooledMessage> complete() {
        return complete;
    }
}
