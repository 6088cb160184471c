package dev.mamori.ui.viewmodel;

import java.util.Arrays;

/**
 * One chart series of the per-minute history: a point per minute of the range, oldest first, at the minute's start
 * (epoch second). A value is {@link Double#NaN} where nothing is known about that minute (the server may not have been
 * running): the chart leaves a gap there instead of drawing a zero. Immutable.
 */
public final class HistorySeries {
    public static final HistorySeries EMPTY = new HistorySeries(new long[0], new double[0]);

    private final long[] times;
    private final double[] values;

    HistorySeries(long[] times, double[] values) {
        if (times.length != values.length) {
            throw new IllegalArgumentException("times and values differ in length");
        }
        this.times = times.clone();
        this.values = values.clone();
    }

    public int size() {
        return times.length;
    }

    /** The start of minute {@code i} in epoch seconds. */
    public long time(int i) {
        return times[i];
    }

    /** The value of minute {@code i}, NaN for a gap. */
    public double value(int i) {
        return values[i];
    }

    public boolean isGap(int i) {
        return Double.isNaN(values[i]);
    }

    /** The number of minutes with a value. */
    public int known() {
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "HistorySeries" + Arrays.toString(values);
    }
}
