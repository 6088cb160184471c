package dev.mamori.core.scan.sig;

import java.util.ArrayList;
import java.util.List;

/**
 * Parts with fewer than 3 exact bytes in a row: every position whose byte can start the part's most selective
 * element is a candidate. Slow by nature, so the engine counts these signatures and reports them; a database full of
 * them is a database problem to fix, not one to hide.
 *
 * <p>Immutable and thread-safe.
 */
final class SlowPathIndex {
    private final int[][] partsByByte = new int[256][];
    private final int parts;

    private SlowPathIndex(List<List<Integer>> byByte, int parts) {
        for (int b = 0; b < 256; b++) {
            List<Integer> list = byByte.get(b);
            partsByByte[b] = list.isEmpty() ? null : list.stream().mapToInt(Integer::intValue).toArray();
        }
        this.parts = parts;
    }

    boolean isEmpty() {
        return parts == 0;
    }

    int partCount() {
        return parts;
    }

    long memoryBytes() {
        long sum = 256L * 8;
        for (int[] list : partsByByte) {
            sum += list == null ? 0 : 16 + 4L * list.length;
        }
        return sum;
    }

    void find(byte[] buf, long base, int from, int to, CandidateBuffer out) {
        for (int i = from; i < to; i++) {
            int[] list = partsByByte[buf[i] & 0xFF];
            if (list != null) {
                for (int part : list) {
                    out.add(base + i, part);
                }
            }
        }
    }

    static final class Builder {
        private final List<List<Integer>> byByte = new ArrayList<>();
        private int parts;

        Builder() {
            for (int b = 0; b < 256; b++) {
                byByte.add(new ArrayList<>());
            }
        }

        void add(boolean[] firstBytes, int part) {
            for (int b = 0; b < 256; b++) {
                if (firstBytes[b]) {
                    byByte.get(b).add(part);
                }
            }
            parts++;
        }

        SlowPathIndex build() {
            return new SlowPathIndex(byByte, parts);
        }
    }
}
