package dev.mamori.core.metrics;

import java.util.Map;

/**
 * Totals of one listener since the server started.
 *
 * @param activeSessions sessions open at the moment of the snapshot
 * @param sessions       sessions opened since start
 */
public record ListenerStats(String protocol, String listener, long bytesClientToUpstream, long bytesUpstreamToClient,
                            long messages, long detections, Map<String, Long> detectionsByCategory,
                            long activeSessions, long sessions) {
    public ListenerStats {
        detectionsByCategory = Map.copyOf(detectionsByCategory);
    }
}
