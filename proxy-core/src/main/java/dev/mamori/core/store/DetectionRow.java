package dev.mamori.core.store;

import java.time.Instant;

/**
 * A stored detection. {@code messageRowId} names the {@link StoredMessage} it came from, which may already have been
 * removed by retention (detections are kept longer).
 */
public record DetectionRow(long id, long messageRowId, Instant time, String protocol, String account,
                           DetectedThreat threat) {
}
