package dev.mamori.ui.backend;

import dev.mamori.core.metrics.TrafficSnapshot;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One second of a server, as the overview shows it.
 *
 * @param traffic          totals since start per listener (rates are differences of consecutive pulses)
 * @param messagesToday    messages scanned since local midnight (from message tracking)
 * @param detectionsToday  messages with a threat since local midnight
 * @param quarantined      entries in quarantine that are not yet released or delivered
 * @param lastUpdate       the newest component check or update, or {@code null} when there never was one
 * @param scanMillis       mean scan time of the messages tracked since the previous pulse, or {@code NaN} for none
 * @param scanned          how many messages that mean is over
 * @param newMessages      messages tracked since the previous pulse, per protocol ({@code pop3}, {@code smtp}); the
 *                         messages-per-minute charts count these, so each scanned message counts once
 */
public record Pulse(Instant time, TrafficSnapshot traffic, long messagesToday, long detectionsToday, long quarantined,
                    Instant lastUpdate, double scanMillis, int scanned, Map<String, Long> newMessages) {
    public Pulse {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(traffic, "traffic");
        newMessages = Map.copyOf(newMessages);
    }
}
