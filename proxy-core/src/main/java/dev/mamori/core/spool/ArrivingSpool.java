package dev.mamori.core.spool;

import dev.mamori.core.scan.ArrivingMessage;
import dev.mamori.core.scan.MessageSource;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A message whose content is exactly the bytes appended to a spool (no protocol encoding left to remove, as for
 * SMTP DATA after un-stuffing), as an {@link ArrivingMessage} while it arrives and a {@link MessageSource} once it has.
 * The owner calls {@link #completed()} once {@link Spool#finish()} has completed, or {@link #failed} when the message
 * will not arrive (and closes the spool, which also ends a scan reading it).
 */
public final class ArrivingSpool implements ArrivingMessage, MessageSource {
    private final Spool spool;
    private final CompletableFuture<ArrivingSpool> complete = new CompletableFuture<>();

    public ArrivingSpool(Spool spool) {
        this.spool = spool;
    }

    /** The spool the message is written to (to send it on from where it lies). */
    public Spool spool() {
        return spool;
    }

    public void completed() {
        complete.complete(this);
    }

    public void failed(Throwable why) {
        complete.completeExceptionally(why);
    }

    /** Whether {@link #completed()} or {@link #failed} was called. */
    public boolean settled() {
        return complete.isDone();
    }

    @Override
    public InputStream openArriving() {
        return spool.openGrowingStream();
    }

    @Override
    public MessageSource arrived() {
        return this;
    }

    @Override
    public CompletionStage<ArrivingSpool> complete() {
        return complete;
    }

    @Override
    public InputStream openStream() throws java.io.IOException {
        return spool.openStream();
    }

    @Override
    public long size() {
        return spool.size();
    }

    @Override
    public byte[] read(long offset, int max) throws java.io.IOException {
        byte[] direct = spool.readHeapBytes(offset, max);
        return direct != null ? direct : MessageSource.super.read(offset, max);
    }
}
