package dev.mamori.core.scan.url;

import java.util.Arrays;

/**
 * A set of 64-bit fingerprints as one sorted, duplicate-free {@code long[]}: 8 bytes an entry, no objects, and a
 * binary search of about 20 steps at a million entries. Smaller than any hash table (which would need empty slots)
 * and fast enough for the few dozen lookups a message needs.
 */
final class SortedFingerprints {
    private final long[] values;

    private SortedFingerprints(long[] values) {
        this.values = values;
    }

    boolean contains(long fingerprint) {
        return Arrays.binarySearch(values, fingerprint) >= 0;
    }

    int size() {
        return values.length;
    }

    long bytes() {
        return 8L * values.length;
    }

    /** Collects fingerprints in any order, with duplicates; {@link #build()} sorts and de-duplicates once. */
    static final class Builder {
        private long[] buf = new long[1024];
        private int n;

        void add(long fingerprint) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[n++] = fingerprint;
        }

        SortedFingerprints build() {
            long[] v = Arrays.copyOf(buf, n);
            Arrays.sort(v);
            int distinct = 0;
            for (int i = 0; i < v.length; i++) {
                if (i == 0 || v[i] != v[i - 1]) {
                    v[distinct++] = v[i];
                }
            }
            return new SortedFingerprints(distinct == v.length ? v : Arrays.copyOf(v, distinct));
        }
    }
}
