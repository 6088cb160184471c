package dev.mamori.ui.viewmodel;

import java.time.Duration;

/**
 * The span the overview's charts show: the live five minutes at one point a second (from the pulses), or a longer
 * history at one point a minute read from the server's event store.
 */
public enum ChartRange {
    LIVE(Duration.ofSeconds(OverviewViewModel.WINDOW_SECONDS)),
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofHours(24));

    private final Duration span;

    ChartRange(Duration span) {
        this.span = span;
    }

    public Duration span() {
        return span;
    }

    /** Whether the charts draw the pulses (true) or the per-minute store rows (false). */
    public boolean live() {
        return this == LIVE;
    }

    /** The number of minutes of a history range. */
    public int minutes() {
        return (int) span.toMinutes();
    }
}
