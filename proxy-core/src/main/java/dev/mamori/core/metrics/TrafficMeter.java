package dev.mamori.core.metrics;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Live traffic counters of a running server, per protocol and listener. Producers (sessions, the scan service) update
 * lock-free counters; readers take immutable {@link TrafficSnapshot}s.
 */
public final class TrafficMeter {
    private final ConcurrentMap<String, ListenerMeter> listeners = new ConcurrentHashMap<>();
    private final Clock clock;

    public TrafficMeter(Clock clock) {
        this.clock = clock;
    }

    /** The meter of one listener, created on first use. */
    public ListenerMeter listener(String protocol, String listener) {
        return listeners.computeIfAbsent(protocol + '/' + listener, k -> new ListenerMeter(protocol, listener));
    }

    public TrafficSnapshot snapshot() {
        List<ListenerStats> stats = listeners.values().stream().map(ListenerMeter::stats)
                .sorted(Comparator.comparing(ListenerStats::protocol).thenComparing(ListenerStats::listener)).toList();
        return new TrafficSnapshot(clock.instant(), stats);
    }
}
