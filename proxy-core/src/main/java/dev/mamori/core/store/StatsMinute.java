package dev.mamori.core.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Traffic of one protocol during one minute. Recording a second row for the same minute and protocol adds to the
 * first (a restart within a minute, or several meters), so every counter here is a count of things that happened
 * during the minute, never a level.
 *
 * @param minute   start of the minute; truncated to the minute on construction
 * @param bytesIn  bytes client → upstream
 * @param bytesOut bytes upstream → client
 * @param sessions sessions opened during the minute
 */
public record StatsMinute(Instant minute, String protocol, long bytesIn, long bytesOut, long messages,
                          long detections, long sessions) implements StoreEvent {
    public StatsMinute {
        minute = Objects.requireNonNull(minute, "minute").truncatedTo(ChronoUnit.MINUTES);
        Objects.requireNonNull(protocol, "protocol");
    }
}
