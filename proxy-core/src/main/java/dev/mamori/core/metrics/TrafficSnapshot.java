package dev.mamori.core.metrics;

import java.time.Instant;
import java.util.List;

/**
 * An immutable view of every meter at one instant: totals since start and rates per listener, and the scanner's
 * queue and latency.
 */
public record TrafficSnapshot(Instant time, List<ListenerStats> listeners, ScanStats scan) {
    public TrafficSnapshot {
        listeners = List.copyOf(listeners);
        scan = scan == null ? ScanStats.NONE : scan;
    }

    public TrafficSnapshot(Instant time, List<ListenerStats> listeners) {
        this(time, listeners, ScanStats.NONE);
    }

    /**
     * The sum over every listener of one protocol (listener name {@code *}), rates included; zeros when the protocol
     * has no listener yet.
     */
    public ListenerStats total(String protocol) {
        long c2u = 0, u2c = 0, msgs = 0, det = 0, active = 0, sessions = 0;
        double c2uRate = 0, u2cRate = 0, msgRate = 0;
        java.util.Map<String, Long> categories = new java.util.TreeMap<>();
        for (ListenerStats l : listeners) {
            if (!l.protocol().equals(protocol)) {
                continue;
            }
            c2u += l.bytesClientToUpstream();
            u2c += l.bytesUpstreamToClient();
            msgs += l.messages();
            det += l.detections();
            active += l.activeSessions();
            sessions += l.sessions();
            c2uRate += l.bytesClientToUpstreamPerSecond();
            u2cRate += l.bytesUpstreamToClientPerSecond();
            msgRate += l.messagesPerSecond();
            l.detectionsByCategory().forEach((k, v) -> categories.merge(k, v, Long::sum));
        }
        return new ListenerStats(protocol, "*", c2u, u2c, msgs, det, categories, active, sessions, c2uRate, u2cRate,
                msgRate);
    }

    /** The listener's stats, or null when it has not been used yet. */
    public ListenerStats listener(String protocol, String listener) {
        return listeners.stream().filter(l -> l.protocol().equals(protocol) && l.listener().equals(listener))
                .findFirst().orElse(null);
    }
}
