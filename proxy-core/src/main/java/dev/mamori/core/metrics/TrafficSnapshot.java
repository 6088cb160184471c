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

    /** The listener's stats, or null when it has not been used yet. */
    public ListenerStats listener(String protocol, String listener) {
        return listeners.stream().filter(l -> l.protocol().equals(protocol) && l.listener().equals(listener))
                .findFirst().orElse(null);
    }
}
