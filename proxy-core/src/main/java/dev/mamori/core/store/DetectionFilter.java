package dev.mamori.core.store;

import java.time.Instant;

/**
 * Which detections {@link StoreQueries#recentDetections} returns, newest first. A {@code null} field matches anything.
 *
 * @param from       inclusive
 * @param to         exclusive
 * @param threat     substring of the threat name, case-insensitive (ASCII)
 * @param account    exact account
 */
public record DetectionFilter(Instant from, Instant to, String protocol, String threat, String account, int limit) {
    public DetectionFilter {
        Limits.check(limit);
    }

    /** The newest {@code limit} detections. */
    public static DetectionFilter latest(int limit) {
        return new DetectionFilter(null, null, null, null, null, limit);
    }
}
