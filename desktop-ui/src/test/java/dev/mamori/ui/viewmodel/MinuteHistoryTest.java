package dev.mamori.ui.viewmodel;

import dev.mamori.core.store.StatsMinute;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MinuteHistoryTest {
    private static final long T0 = Instant.parse("2026-11-25T12:00:00Z").getEpochSecond();

    private static StatsMinute row(int minute, String protocol, long in, long out, long messages, long sessions) {
        return new StatsMinute(Instant.ofEpochSecond(T0 + 60L * minute), protocol, in, out, messages, 0, sessions);
    }

    private static double[] values(HistorySeries s) {
        double[] v = new double[s.size()];
        for (int i = 0; i < s.size(); i++) {
            v[i] = s.value(i);
        }
        return v;
    }

    @Test
    void missingMinutesAreZerosWhileTheServerRanAndGapsBeforeIt() {
        MinuteHistory h = new MinuteHistory();
        // minutes 0..9 read; the server (re)started in minute 5; minute 9 is still in progress
        h.replace(T0, T0 + 600, List.of(row(1, "pop3", 60, 540, 3, 1), row(6, "smtp", 6000, 0, 2, 2),
                row(7, "pop3", 0, 120, 1, 1)));
        long runningSince = T0 + 300;
        long settledUntil = T0 + 540;
        HistorySeries pop3 = h.series(MinuteHistory.Metric.BYTES_PER_SECOND, "pop3", T0, T0 + 600, runningSince,
                settledUntil);
        assertThat(pop3.size()).isEqualTo(10);
        assertThat(pop3.time(0)).isEqualTo(T0);
        assertThat(pop3.time(9)).isEqualTo(T0 + 540);
        double nan = Double.NaN;
        assertThat(values(pop3)).containsExactly(nan, 10, nan, nan, nan, 0, 0, 2, 0, nan);
        // minute 1: an earlier run had traffic, so minute 1's smtp is a zero; minutes 0, 2-4 are unknown
        assertThat(values(h.series(MinuteHistory.Metric.MESSAGES_PER_MINUTE, "smtp", T0, T0 + 600, runningSince,
                settledUntil))).containsExactly(nan, 0, nan, nan, nan, 0, 2, 0, 0, nan);
        assertThat(values(h.series(MinuteHistory.Metric.SESSIONS_OPENED, null, T0, T0 + 600, runningSince,
                settledUntil))).containsExactly(nan, 1, nan, nan, nan, 0, 2, 1, 0, nan);
        assertThat(pop3.known()).isEqualTo(5);
        assertThat(pop3.isGap(0)).isTrue();
    }

    @Test
    void aReadReplacesTheMinutesItCoveredAndKeepsTheOthers() {
        MinuteHistory h = new MinuteHistory();
        h.replace(T0, T0 + 300, List.of(row(0, "pop3", 0, 60, 1, 1), row(3, "pop3", 0, 60, 1, 1),
                row(4, "pop3", 0, 60, 1, 1)));
        // a re-read of minutes 3..5: minute 3 grew, minute 4 is gone (cannot happen in practice, but the read wins),
        // minute 5 is new; a row outside the span read is ignored
        h.replace(T0 + 180, T0 + 360, List.of(row(3, "pop3", 0, 600, 4, 2), row(5, "smtp", 60, 0, 1, 1),
                row(9, "pop3", 1, 1, 1, 1)));
        assertThat(h.minutesWithRows()).isEqualTo(3);
        HistorySeries messages = h.series(MinuteHistory.Metric.MESSAGES_PER_MINUTE, null, T0, T0 + 600,
                Long.MAX_VALUE, T0 + 600);
        assertThat(values(messages)).containsExactly(1, Double.NaN, Double.NaN, 4, Double.NaN, 1, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN);
        h.dropBefore(T0 + 240);
        assertThat(h.minutesWithRows()).isEqualTo(1);
        assertThat(h.series(MinuteHistory.Metric.MESSAGES_PER_MINUTE, null, T0 + 60, T0 + 60, 0, 0).size()).isZero();
    }

    @Test
    void scanTimesAreGapsInMinutesWithoutMessagesEvenWhileTheServerRan() {
        MinuteHistory h = new MinuteHistory();
        h.replaceScans(T0, T0 + 300, List.of(
                new dev.mamori.core.store.ScanMinute(Instant.ofEpochSecond(T0 + 60), 4, 3.5, 3, 8, 9),
                new dev.mamori.core.store.ScanMinute(Instant.ofEpochSecond(T0 + 240), 1, 12, 12, 12, 12)));
        double nan = Double.NaN;
        assertThat(values(h.scanSeries(MinuteHistory.ScanMetric.P50, T0, T0 + 300))).containsExactly(nan, 3, nan, nan, 12);
        assertThat(values(h.scanSeries(MinuteHistory.ScanMetric.P99, T0, T0 + 300))).containsExactly(nan, 8, nan, nan, 12);
        assertThat(values(h.scanSeries(MinuteHistory.ScanMetric.MEAN, T0, T0 + 120))).containsExactly(nan, 3.5);
        h.replaceScans(T0 + 180, T0 + 300, List.of());
        h.dropBefore(T0 + 120);
        assertThat(h.scanSeries(MinuteHistory.ScanMetric.MAX, T0, T0 + 300).known()).isZero();
    }
}
