package dev.mamori.ui.viewmodel;

/**
 * The last {@code seconds} of one chart series: (epoch second, value) pairs in a ring that never grows. Adding a point
 * drops every point older than the window, so a chart of it always spans the same fixed time.
 */
public final class SampleWindow {
    private final int seconds;
    private final long[] times;
    private final double[] values;
    private int start;
    private int size;

    public SampleWindow(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("window must be at least one second: " + seconds);
        }
        this.seconds = seconds;
        this.times = new long[seconds + 1];
        this.values = new double[seconds + 1];
    }

    /** Adds a point; a time not after the newest point replaces the newest value (one point per second). */
    public void add(long epochSecond, double value) {
        if (size > 0 && epochSecond <= time(size - 1)) {
            values[(start + size - 1) % times.length] = value;
            return;
        }
        if (size == times.length) {
            start = (start + 1) % times.length;
            size--;
        }
        int i = (start + size) % times.length;
        times[i] = epochSecond;
        values[i] = value;
        size++;
        while (size > 0 && time(0) <= epochSecond - seconds) {
            start = (start + 1) % times.length;
            size--;
        }
    }

    public int size() {
        return size;
    }

    public int seconds() {
        return seconds;
    }

    /** The time of point {@code i}, oldest first. */
    public long time(int i) {
        check(i);
        return times[(start + i) % times.length];
    }

    public double value(int i) {
        check(i);
        return values[(start + i) % values.length];
    }

    public double max() {
        double m = 0;
        for (int i = 0; i < size; i++) {
            m = Math.max(m, value(i));
        }
        return m;
    }

    public double last() {
        return size == 0 ? 0 : value(size - 1);
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
    }
}
