package dev.mamori.core.scan.sig;

import java.util.Arrays;

/**
 * Matches the steps on one side of an anchor, exactly, by tracking the set of offsets (bytes consumed from the
 * anchor) reachable after each step, as sorted distinct ints. Gaps and variable-width alternatives widen the set;
 * runs narrow it. The cost is bounded by steps × span, and the set is a single offset for fixed-width sides, which is
 * the common case. One instance per scanner (scratch arrays), not thread-safe.
 */
final class SideMatcher {
    static final int NO_MATCH = -1;

    private int[] current = new int[16];
    private int[] next = new int[16];
    private int count;

    /**
     * The smallest {@code r} such that {@code steps} match {@code buf[from, from + r)} within {@code buf[.., limit)},
     * or {@link #NO_MATCH}.
     */
    int forward(byte[] buf, int from, int limit, Step[] steps) {
        current[0] = 0;
        count = 1;
        for (Step step : steps) {
            advance(buf, from, limit, step, true);
            if (count == 0) {
                return NO_MATCH;
            }
        }
        return current[0];
    }

    /**
     * Matches {@code steps} (ordered from the anchor outwards) leftwards from {@code to}, and returns the largest start
     * index {@code s} in {@code [minStart, maxStart]} such that they match {@code buf[s, to)}, or {@link #NO_MATCH}.
     * {@code minStart} must be {@code >= 0}: bytes before it are not available.
     */
    int backward(byte[] buf, int to, int minStart, int maxStart, Step[] steps) {
        if (maxStart < minStart) {
            return NO_MATCH;
        }
        current[0] = 0;
        count = 1;
        for (Step step : steps) {
            advance(buf, to, to - minStart, step, false);
            if (count == 0) {
                return NO_MATCH;
            }
        }
        for (int k = 0; k < count; k++) {
            int start = to - current[k];
            if (start < minStart) {
                break;
            }
            if (start <= maxStart) {
                return start;
            }
        }
        return NO_MATCH;
    }

    /**
     * Applies one step to the reachable set. Forward, offset r means the step starts at {@code base + r} and
     * {@code bound} is the buffer limit; backward, it ends at {@code base - r} and {@code bound} is the most bytes
     * that may be consumed.
     */
    private void advance(byte[] buf, int base, int bound, Step step, boolean forward) {
        int produced = 0;
        switch (step) {
            case Step.Run run -> {
                int len = run.values().length;
                for (int k = 0; k < count; k++) {
                    int r = current[k];
                    boolean ok = forward ? run.matches(buf, base + r, bound)
                            : r + len <= bound && run.matches(buf, base - r - len, base - r);
                    if (ok) {
                        next = ensure(next, produced + 1);
                        next[produced++] = r + len;
                    }
                }
            }
            case Step.Choice choice -> {
                for (int k = 0; k < count; k++) {
                    int r = current[k];
                    for (byte[] option : choice.options()) {
                        int len = option.length;
                        int at = forward ? base + r : base - r - len;
                        boolean inside = forward ? at + len <= bound : r + len <= bound;
                        if (inside && at >= 0 && Arrays.equals(buf, at, at + len, option, 0, len)) {
                            next = ensure(next, produced + 1);
                            next[produced++] = r + len;
                        }
                    }
                }
                if (choice.minWidth() != choice.maxWidth()) {
                    Arrays.sort(next, 0, produced);
                    produced = dedupe(next, produced);
                }
            }
            case Step.Skip skip -> {
                // union of [r + min, r + max] over the sorted set; the intervals arrive sorted by start
                int lastEmitted = Integer.MIN_VALUE;
                for (int k = 0; k < count; k++) {
                    int lo = Math.max(current[k] + skip.minWidth(), lastEmitted + 1);
                    int hi = current[k] + skip.maxWidth();
                    // offsets past the available bytes can never be followed by the run that ends every part
                    hi = Math.min(hi, forward ? bound - base : bound);
                    if (lo > hi) {
                        continue;
                    }
                    next = ensure(next, produced + (hi - lo + 1));
                    for (int r = lo; r <= hi; r++) {
                        next[produced++] = r;
                    }
                    lastEmitted = hi;
                }
            }
        }
        int[] swap = current;
        current = next;
        next = swap;
        count = produced;
    }

    private static int dedupe(int[] sorted, int n) {
        if (n == 0) {
            return 0;
        }
        int w = 1;
        for (int k = 1; k < n; k++) {
            if (sorted[k] != sorted[w - 1]) {
                sorted[w++] = sorted[k];
            }
        }
        return w;
    }

    private static int[] ensure(int[] array, int size) {
        return size <= array.length ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
    }
}
