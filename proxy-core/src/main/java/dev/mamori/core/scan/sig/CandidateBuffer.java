package dev.mamori.core.scan.sig;

import java.util.Arrays;

/**
 * Anchor hits of one block, packed as {@code absolutePosition << PART_BITS | part}, so that sorting the longs orders
 * them by position: verification must see anchors in stream order for the unbounded-gap chaining to be exact.
 */
final class CandidateBuffer {
    static final int PART_BITS = 24;
    static final int MAX_PARTS = 1 << PART_BITS;

    private long[] items = new long[64];
    private int size;
    private int[] scratch = new int[0];

    /** A per-scan work array of at least {@code length} ints for an index's find loop; its content is undefined. */
    int[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new int[length];
        }
        return scratch;
    }

    void add(long absolutePosition, int part) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = absolutePosition << PART_BITS | part;
    }

    void sort() {
        if (size > 1) {
            Arrays.sort(items, 0, size);
        }
    }

    int size() {
        return size;
    }

    long position(int i) {
        return items[i] >>> PART_BITS;
    }

    int part(int i) {
        return (int) (items[i] & (MAX_PARTS - 1));
    }

    void clear() {
        size = 0;
    }
}
