package dev.mamori.core.metrics;

import java.time.Instant;
import java.util.List;

/** An immutable view of every meter at one instant: totals since start, per listener. */
public record TrafficSnapshot(Instant time, List<ListenerStats> listeners) {
    public TrafficSnapshot {
        listeners = List.copyOf(listeners);
    }
}
