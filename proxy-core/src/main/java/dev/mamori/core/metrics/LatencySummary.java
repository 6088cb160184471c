package dev.mamori.core.metrics;

/**
 * Percentiles of scan durations over some window, in microseconds (HdrHistogram, three significant digits).
 *
 * @param count number of scans in the window; all other fields are 0 when it is 0
 */
public record LatencySummary(long count, long p50Micros, long p90Micros, long p99Micros, long maxMicros) {
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0);

    static LatencySummary of(org.HdrHistogram.Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getMaxValue());
    }
}
