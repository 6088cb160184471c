package dev.mamori.core.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each table keeps its rows. The quarantine index is not here: its rows follow the quarantine's own retention
 * through {@link QuarantineEvent.StatusChanged}.
 */
public record RetentionSettings(Duration messages, Duration detections, Duration stats, Duration audit,
                                Duration componentHistory) {
    public RetentionSettings {
        for (Duration d : new Duration[] {messages, detections, stats, audit, componentHistory}) {
            if (Objects.requireNonNull(d, "retention").isNegative() || d.isZero()) {
                throw new IllegalArgumentException("retention must be positive: " + d);
            }
        }
    }

    public static RetentionSettings defaults() {
        return new RetentionSettings(Duration.ofDays(90), Duration.ofDays(365), Duration.ofDays(30),
                Duration.ofDays(365), Duration.ofDays(365));
    }

    /** Rows deleted per table by one {@link EventStore#applyRetention} run. */
    public record Result(int messages, int detections, int stats, int audit, int componentHistory) {
        public int total() {
            return messages + detections + stats + audit + componentHistory;
        }
    }
}
