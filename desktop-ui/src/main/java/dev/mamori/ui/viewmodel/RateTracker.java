package dev.mamori.ui.viewmodel;

import dev.mamori.core.metrics.ListenerStats;
import dev.mamori.core.metrics.TrafficSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns consecutive traffic snapshots (totals since start) into rates per protocol: bytes a second over the last
 * interval, messages over the trailing minute, and the sessions open now. A total that goes down (a restarted remote
 * server) starts over instead of giving a negative rate.
 */
public final class RateTracker {
    /** Rates of one protocol at one instant. */
    public record Rates(double bytesPerSecond, double messagesPerMinute, long activeSessions) {
    }

    private record Totals(long bytes, long messages, long sessions) {
    }

    private record MessageStep(Instant time, long messages) {
    }

    private Instant previousTime;
    private Map<String, Totals> previous = Map.of();
    private final Map<String, ArrayDeque<MessageStep>> lastMinute = new HashMap<>();

    /** Feeds the next snapshot; returns the rates per protocol (empty for the first snapshot's bytes). */
    public Map<String, Rates> next(TrafficSnapshot snapshot) {
        Map<String, Totals> totals = new TreeMap<>();
        for (ListenerStats l : snapshot.listeners()) {
            totals.merge(l.protocol(), new Totals(l.bytesClientToUpstream() + l.bytesUpstreamToClient(), l.messages(),
                    l.activeSessions()), (a, b) -> new Totals(a.bytes + b.bytes, a.messages + b.messages, a.sessions + b.sessions));
        }
        Map<String, Rates> rates = new TreeMap<>();
        double seconds = previousTime == null ? 0 : Duration.between(previousTime, snapshot.time()).toMillis() / 1000.0;
        for (Map.Entry<String, Totals> e : totals.entrySet()) {
            Totals now = e.getValue();
            Totals before = previous.get(e.getKey());
            double bytesPerSecond = 0;
            long newMessages = 0;
            if (before != null && seconds > 0) {
                bytesPerSecond = Math.max(0, now.bytes - before.bytes) / seconds;
                newMessages = Math.max(0, now.messages - before.messages);
            }
            ArrayDeque<MessageStep> minute = lastMinute.computeIfAbsent(e.getKey(), k -> new ArrayDeque<>());
            minute.addLast(new MessageStep(snapshot.time(), newMessages));
            Instant cutoff = snapshot.time().minusSeconds(60);
            while (!minute.isEmpty() && !minute.getFirst().time().isAfter(cutoff)) {
                minute.removeFirst();
            }
            long perMinute = minute.stream().mapToLong(MessageStep::messages).sum();
            rates.put(e.getKey(), new Rates(bytesPerSecond, perMinute, now.sessions));
        }
        previous = totals;
        previousTime = snapshot.time();
        return rates;
    }
}
