package dev.mamori.core.metrics;

/**
 * The scanner at one instant.
 *
 * @param queueDepth   scans waiting for a scan thread
 * @param lastInterval scan durations of the last sampling interval (about one second)
 * @param overall      scan durations since the server started
 * @param totalSeconds sum of every scan's duration since start (the Prometheus summary's {@code _sum})
 * @param recent       scan durations of the previous and the current minute (a window of one to two minutes: what
 *                     a scrape every 15-60 s should see)
 */
public record ScanStats(int queueDepth, LatencySummary lastInterval, LatencySummary overall, double totalSeconds,
                        LatencySummary recent) {
    public static final ScanStats NONE = new ScanStats(0, LatencySummary.EMPTY, LatencySummary.EMPTY, 0,
            LatencySummary.EMPTY);

    public ScanStats {
        lastInterval = lastInterval == null ? LatencySummary.EMPTY : lastInterval;
        overall = overall == null ? LatencySummary.EMPTY : overall;
        recent = recent == null ? LatencySummary.EMPTY : recent;
    }
}
