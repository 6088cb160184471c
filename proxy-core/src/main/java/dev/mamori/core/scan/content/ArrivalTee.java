package dev.mamori.core.scan.content;

import java.io.IOException;
import java.io.InputStream;

/**
 * The stream the MIME parser reads while a message arrives: every byte it passes on is also counted against the
 * limits as the message item's bytes and handed to the message consumers (engines scanning the whole message as it
 * comes). Failures of the source are {@link Stop}s, so that the walk ends instead of reporting a damaged part.
 */
final class ArrivalTee extends InputStream {
    private final InputStream source;
    private final WalkBudget budget;
    private final ContentPath root;
    private final ChunkConsumer consumer;
    private long size;
    private Stop stopped;

    ArrivalTee(InputStream source, WalkBudget budget, ContentPath root, ChunkConsumer consumer) {
        this.source = source;
        this.budget = budget;
        this.root = root;
        this.consumer = consumer;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (stopped != null) {
            throw stopped;
        }
        int n;
        try {
            n = source.read(b, off, len);
        } catch (IOException e) {
            throw stop(new Stop(e));
        }
        if (n > 0) {
            pass(b, off, n);
        }
        return n;
    }

    private void pass(byte[] b, int off, int n) throws Stop {
        size += n;
        try {
            budget.chargeMessageBytes(size, n, root);
        } catch (LimitExceededException e) {
            throw stop(new Stop(e));
        }
        try {
            consumer.accept(b, off, n);
        } catch (IOException e) {
            throw stop(new Stop(e));
        }
    }

    private Stop stop(Stop stop) {
        stopped = stop;
        return stop;
    }

    /**
     * Reads what the parser left, to the end of the message. Bytes still go to the consumer unless a limit ended the
     * walk (the message item is then not scanned).
     */
    void drain() throws IOException {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = source.read(buf)) >= 0; ) {
            if (n > 0 && stopped == null) {
                try {
                    pass(buf, 0, n);
                } catch (Stop stop) {
                    if (stop.limit() == null) {
                        throw stop;
                    }
                    // over a limit: the rest is only read (the caller may still be hashing it)
                }
            }
        }
    }

    /** The limit that ended the walk while the message was read, or null. */
    LimitExceededException overLimit() {
        return stopped != null && stopped.limit != null ? stopped.limit : null;
    }

    /** Why reading the arriving message stopped: the source failed, or a limit was reached. */
    static final class Stop extends IOException {
        private final LimitExceededException limit;

        Stop(IOException cause) {
            super(cause.getMessage(), cause);
            this.limit = null;
        }

        Stop(LimitExceededException limit) {
            super("limit exceeded: " + limit.getMessage(), limit);
            this.limit = limit;
        }

        LimitExceededException limit() {
            return limit;
        }
    }
}
