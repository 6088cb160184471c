package dev.mamori.core.log;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The newest log lines of this process in a bounded ring, and their live feed. Appending never blocks on a reader:
 * listeners are called on the appending thread (the log tail's redactor) and must only queue the line (the view-models coalesce).
 */
public final class LogBuffer {
    public static final int DEFAULT_CAPACITY = 2000;

    private final int capacity;
    private final ArrayDeque<LogLine> lines;
    private final List<Consumer<List<LogLine>>> listeners = new CopyOnWriteArrayList<>();
    private long sequence;

    public LogBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    /** Adds a line (the sequence number is assigned here), dropping the oldest when full. */
    public void append(java.time.Instant time, LogLine.Level level, String logger, String thread, String message) {
        LogLine line;
        synchronized (this) {
            line = new LogLine(++sequence, time, level, logger, thread, message);
            if (lines.size() == capacity) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
        List<LogLine> one = List.of(line);
        for (Consumer<List<LogLine>> l : listeners) {
            l.accept(one);
        }
    }

    /** The kept lines, oldest first. */
    public synchronized List<LogLine> snapshot() {
        return new ArrayList<>(lines);
    }

    /** Hands the kept lines to {@code listener}, then every new one; the handle unsubscribes. */
    public AutoCloseable subscribe(Consumer<List<LogLine>> listener) {
        synchronized (this) {
            // under the lock, so no line falls between the snapshot and the subscription
            listener.accept(new ArrayList<>(lines));
            listeners.add(listener);
        }
        return () -> listeners.remove(listener);
    }

    /**
     * The kept lines after {@code afterSequence}, oldest first, at most {@code limit}: when more are kept, the newest
     * {@code limit} (a reader that fell behind skips the oldest rather than lagging further).
     */
    public synchronized Tail since(long afterSequence, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        List<LogLine> out = new ArrayList<>();
        for (LogLine l : lines) {
            if (l.sequence() > afterSequence) {
                out.add(l);
            }
        }
        boolean truncated = out.size() > limit
                || (!lines.isEmpty() && lines.peekFirst().sequence() > afterSequence + 1 && afterSequence > 0);
        if (out.size() > limit) {
            out = new ArrayList<>(out.subList(out.size() - limit, out.size()));
        }
        return new Tail(List.copyOf(out), sequence, truncated);
    }

    /**
     * Lines from {@link #since}.
     *
     * @param last      the sequence number of the newest line written so far (pass it as {@code afterSequence} next)
     * @param truncated whether lines after the requested one were skipped (dropped from the ring or over the limit)
     */
    public record Tail(List<LogLine> lines, long last, boolean truncated) {
    }

    public int capacity() {
        return capacity;
    }
}
