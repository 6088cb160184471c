package dev.mamori.core.metrics;

import java.util.Map;

/**
 * Totals of one listener since the server started, and its rates over the last sampling interval.
 *
 * @param detections                   messages with at least one threat or finding
 * @param detectionsByCategory         per policy category in lower case ({@code virus}...); a message in two
 *                                     categories counts in both
 * @param activeSessions               sessions open at the moment of the snapshot
 * @param sessions                     sessions opened since start
 * @param bytesClientToUpstreamPerSecond over the last sampling interval; 0 in a snapshot taken outside the sampler
 *                                     before the first sample
 */
public record ListenerStats(String protocol, String listener, long bytesClientToUpstream, long bytesUpstreamToClient,
                            long messages, long detections, Map<String, Long> detectionsByCategory,
                            long activeSessions, long sessions, double bytesClientToUpstreamPerSecond,
                            double bytesUpstreamToClientPerSecond, double messagesPerSecond) {
    public ListenerStats {
        detectionsByCategory = Map.copyOf(detectionsByCategory);
    }

    /** Totals without rates. */
    public ListenerStats(String protocol, String listener, long bytesClientToUpstream, long bytesUpstreamToClient,
                         long messages, long detections, Map<String, Long> detectionsByCategory, long activeSessions,
                         long sessions) {
        this(protocol, listener, bytesClientToUpstream, bytesUpstreamToClient, messages, detections,
                detectionsByCategory, activeSessions, sessions, 0, 0, 0);
    }

    /** "protocol/listener", the key a listener has in {@link TrafficMeter}. */
    public String key() {
        return protocol + '/' + listener;
    }

    ListenerStats withRates(double c2u, double u2c, double msgs) {
        return new ListenerStats(protocol, listener, bytesClientToUpstream, bytesUpstreamToClient, messages,
                detections, detectionsByCategory, activeSessions, sessions, c2u, u2c, msgs);
    }
}
