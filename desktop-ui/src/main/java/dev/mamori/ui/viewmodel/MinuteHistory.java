package dev.mamori.ui.viewmodel;

import dev.mamori.core.store.ScanMinute;
import dev.mamori.core.store.StatsMinute;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The per-minute rows of the overview's longer chart ranges, merged from successive store reads, and the chart series
 * made from them. No toolkit; used on the UI thread only.
 *
 * <p>The server writes a row for a minute and protocol only when something happened, so a missing row means "no
 * traffic" while the server ran, and "unknown" otherwise. A minute counts as one the server ran in when it is at or
 * after {@code runningSince} (the current server's start) and settled (its row would have been written by now), or
 * when any protocol has a row for it; other minutes without a row are gaps ({@link Double#NaN}), never zeros.
 * Scan times ({@link ScanMinute}, from message tracking) are a gap in every minute without messages: there was no
 * scan to time.
 */
public final class MinuteHistory {

    /** What a history series shows. */
    public enum Metric {
        /** Bytes both ways, averaged over the minute. */
        BYTES_PER_SECOND,
        /** Messages scanned during the minute. */
        MESSAGES_PER_MINUTE,
        /** Sessions opened during the minute (the store keeps no count of open sessions). */
        SESSIONS_OPENED
    }

    /** What a scan-time series shows. */
    public enum ScanMetric { MEAN, P50, P99, MAX }

    private final NavigableMap<Long, Map<String, StatsMinute>> byMinute = new TreeMap<>();
    private final NavigableMap<Long, ScanMinute> scans = new TreeMap<>();

    /**
     * Replaces everything known about the minutes {@code fromSecond <= minute < toSecond} with {@code rows} (the
     * answer of one store read of that span): a minute read again may have grown, or gained a row.
     */
    public void replace(long fromSecond, long toSecond, List<StatsMinute> rows) {
        byMinute.subMap(fromSecond, true, toSecond, false).clear();
        for (StatsMinute r : rows) {
            long minute = r.minute().getEpochSecond();
            if (minute >= fromSecond && minute < toSecond) {
                byMinute.computeIfAbsent(minute, m -> new HashMap<>()).put(r.protocol(), r);
            }
        }
    }

    /** Replaces the scan times of the minutes {@code fromSecond <= minute < toSecond} with {@code rows}. */
    public void replaceScans(long fromSecond, long toSecond, List<ScanMinute> rows) {
        scans.subMap(fromSecond, true, toSecond, false).clear();
        for (ScanMinute r : rows) {
            long minute = r.minute().getEpochSecond();
            if (minute >= fromSecond && minute < toSecond) {
                scans.put(minute, r);
            }
        }
    }

    /** Forgets the minutes before {@code second} (they left the range). */
    public void dropBefore(long second) {
        byMinute.headMap(second, false).clear();
        scans.headMap(second, false).clear();
    }

    public void clear() {
        byMinute.clear();
        scans.clear();
    }

    /** Scan times, one point per minute from {@code fromSecond} to {@code toSecond} (exclusive); NaN without scans. */
    public HistorySeries scanSeries(ScanMetric metric, long fromSecond, long toSecond) {
        int n = (int) Math.max(0, (toSecond - fromSecond) / 60);
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            long minute = fromSecond + 60L * i;
            times[i] = minute;
            ScanMinute r = scans.get(minute);
            values[i] = r == null ? Double.NaN : switch (metric) {
                case MEAN -> r.meanMillis();
                case P50 -> r.p50Millis();
                case P99 -> r.p99Millis();
                case MAX -> r.maxMillis();
            };
        }
        return new HistorySeries(times, values);
    }

    /** The number of minutes that have at least one row. */
    public int minutesWithRows() {
        return byMinute.size();
    }

    /**
     * One point per minute from {@code fromSecond} (a minute start) up to {@code toSecond} (exclusive).
     *
     * @param protocol     {@code pop3}, {@code smtp}, or null for the sum of every protocol
     * @param runningSince the start of the minute in which the current server started, or {@link Long#MAX_VALUE}
     *                     when unknown
     * @param settledUntil minutes before this have been written by the server if they had traffic
     */
    public HistorySeries series(Metric metric, String protocol, long fromSecond, long toSecond, long runningSince,
                                long settledUntil) {
        int n = (int) Math.max(0, (toSecond - fromSecond) / 60);
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            long minute = fromSecond + 60L * i;
            times[i] = minute;
            Map<String, StatsMinute> rows = byMinute.get(minute);
            if (rows != null) {
                double sum = 0;
                for (StatsMinute r : rows.values()) {
                    if (protocol == null || protocol.equals(r.protocol())) {
                        sum += value(metric, r);
                    }
                }
                values[i] = sum;
            } else if (minute >= runningSince && minute < settledUntil) {
                values[i] = 0;
            } else {
                values[i] = Double.NaN;
            }
        }
        return new HistorySeries(times, values);
    }

    private static double value(Metric metric, StatsMinute r) {
        return switch (metric) {
            case BYTES_PER_SECOND -> (r.bytesIn() + r.bytesOut()) / 60.0;
            case MESSAGES_PER_MINUTE -> r.messages();
            case SESSIONS_OPENED -> r.sessions();
        };
    }
}
