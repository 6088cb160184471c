package dev.mamori.core.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The scan times of the messages tracked during one minute (every protocol), computed from the {@code messages}
 * table: the same per-message scan times the dashboard's live chart averages. Percentiles are nearest-rank over the
 * minute's messages.
 *
 * @param minute     start of the minute; truncated to the minute on construction
 * @param messages   messages tracked during the minute (at least one: a minute without messages has no row)
 * @param meanMillis mean scan time
 * @param p50Millis  median scan time
 * @param p99Millis  99th percentile
 * @param maxMillis  the longest
 */
public record ScanMinute(Instant minute, long messages, double meanMillis, long p50Millis, long p99Millis,
                         long maxMillis) {
    public ScanMinute {
        minute = Objects.requireNonNull(minute, "minute").truncatedTo(ChronoUnit.MINUTES);
    }
}
