package dev.mamori.core.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one listener, updated by its sessions from any thread without locks. Byte counts are wire bytes as
 * relayed (after TLS decryption), in the direction named.
 */
public final class ListenerMeter {
    private final String protocol;
    private final String listener;
    private final LongAdder clientToUpstream = new LongAdder();
    private final LongAdder upstreamToClient = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder detections = new LongAdder();
    private final LongAdder sessionsOpened = new LongAdder();
    private final LongAdder sessionsClosed = new LongAdder();
    private final Map<String, LongAdder> byCategory = new ConcurrentHashMap<>();

    ListenerMeter(String protocol, String listener) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public String protocol() {
        return protocol;
    }

    public String listener() {
        return listener;
    }

    public void sessionOpened() {
        sessionsOpened.increment();
    }

    public void sessionClosed() {
        sessionsClosed.increment();
    }

    public void clientToUpstream(long bytes) {
        clientToUpstream.add(bytes);
    }

    public void upstreamToClient(long bytes) {
        upstreamToClient.add(bytes);
    }

    /** A message scanned (POP3 RETR/TOP or SMTP DATA), whatever its verdict. */
    public void message() {
        messages.increment();
    }

    /** A message with a threat; {@code category} is the policy category in lower case, e.g. {@code virus}. */
    public void detection(String category) {
        detections.increment();
        byCategory.computeIfAbsent(category, c -> new LongAdder()).increment();
    }

    ListenerStats stats() {
        Map<String, Long> categories = new java.util.TreeMap<>();
        byCategory.forEach((k, v) -> categories.put(k, v.sum()));
        long closed = sessionsClosed.sum();
        long opened = sessionsOpened.sum();
        return new ListenerStats(protocol, listener, clientToUpstream.sum(), upstreamToClient.sum(), messages.sum(),
                detections.sum(), categories, Math.max(0, opened - closed), opened);
    }
}
