package dev.mamori.core.scan.sig;

import java.util.Arrays;

/**
 * Per scan: for each part found so far, the smallest end offset of a valid match (a chain through its signature's
 * earlier parts). Found parts are rare, so this is a small open-addressed map rather than an array over all parts,
 * which at 100k signatures would cost 800 KB per scanned item.
 */
final class PartProgress {
    static final long NONE = -1;
    private static final int EMPTY = -1;

    private int[] keys = newKeys(16);
    private long[] values = new long[16];
    private int size;

    private static int[] newKeys(int capacity) {
        int[] k = new int[capacity];
        Arrays.fill(k, EMPTY);
        return k;
    }

    long get(int part) {
        int mask = keys.length - 1;
        for (int slot = mix(part) & mask; ; slot = (slot + 1) & mask) {
            int k = keys[slot];
            if (k == part) {
                return values[slot];
            }
            if (k == EMPTY) {
                return NONE;
            }
        }
    }

    /** Records {@code end} for {@code part} unless an earlier end is already known. */
    void offer(int part, long end) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int slot = mix(part) & mask; ; slot = (slot + 1) & mask) {
            if (keys[slot] == part) {
                values[slot] = Math.min(values[slot], end);
                return;
            }
            if (keys[slot] == EMPTY) {
                keys[slot] = part;
                values[slot] = end;
                size++;
                return;
            }
        }
    }

    /** Calls {@code action} for every part found, in no particular order. */
    void forEach(PartAction action) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY) {
                action.accept(keys[slot], values[slot]);
            }
        }
    }

    @FunctionalInterface
    interface PartAction {
        void accept(int part, long end);
    }

    private void grow() {
        int[] oldKeys = keys;
        long[] oldValues = values;
        keys = newKeys(oldKeys.length * 2);
        values = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                offer(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(int key) {
        return key * 0x9E3779B9 >>> 7;
    }
}
