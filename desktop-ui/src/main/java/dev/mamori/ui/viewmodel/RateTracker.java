package dev.mamori.ui.viewmodel;

import dev.mamori.core.metrics.ListenerStats;
import dev.mamori.ui.backend.Pulse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns consecutive pulses into rates per protocol: bytes a second from the traffic totals of the last interval,
 * messages over the trailing minute from the messages tracked in each pulse, and the sessions open now. A byte total
 * that goes down (a restarted remote server) starts over instead of giving a negative rate.
 */
public final class RateTracker {
    /** Rates of one protocol at one instant. */
    public record Rates(double bytesPerSecond, double messagesPerMinute, long activeSessions) {
    }

    private record Totals(long bytes, long sessions) {
    }

    private record MessageStep(Instant time, long messages) {
    }

    private Instant previousTime;
    private Map<String, Totals> previous = Map.of();
    private final Map<String, ArrayDeque<MessageStep>> lastMinute = new HashMap<>();

    /** Feeds the next pulse; returns the rates of every protocol seen in it. */
    public Map<String, Rates> next(Pulse pulse) {
        Instant time = pulse.time();
        Map<String, Totals> totals = new TreeMap<>();
        for (ListenerStats l : pulse.traffic().listeners()) {
            totals.merge(l.protocol(), new Totals(l.bytesClientToUpstream() + l.bytesUpstreamToClient(), l.activeSessions()),
                    (a, b) -> new Totals(a.bytes + b.bytes, a.sessions + b.sessions));
        }
        for (String protocol : pulse.newMessages().keySet()) {
            totals.putIfAbsent(protocol, new Totals(0, 0));
        }
        totals.keySet().forEach(p -> lastMinute.computeIfAbsent(p, k -> new ArrayDeque<>()));
        Map<String, Rates> rates = new TreeMap<>();
        double seconds = previousTime == null ? 0 : Duration.between(previousTime, time).toMillis() / 1000.0;
        for (Map.Entry<String, ArrayDeque<MessageStep>> e : lastMinute.entrySet()) {
            String protocol = e.getKey();
            ArrayDeque<MessageStep> minute = e.getValue();
            minute.addLast(new MessageStep(time, pulse.newMessages().getOrDefault(protocol, 0L)));
            Instant cutoff = time.minusSeconds(60);
            while (!minute.isEmpty() && !minute.getFirst().time().isAfter(cutoff)) {
                minute.removeFirst();
            }
            long perMinute = minute.stream().mapToLong(MessageStep::messages).sum();
            Totals now = totals.getOrDefault(protocol, new Totals(0, 0));
            Totals before = previous.get(protocol);
            double bytesPerSecond = before != null && seconds > 0 ? Math.max(0, now.bytes - before.bytes) / seconds : 0;
            rates.put(protocol, new Rates(bytesPerSecond, perMinute, now.sessions));
        }
        previous = totals;
        previousTime = time;
        return rates;
    }
}
