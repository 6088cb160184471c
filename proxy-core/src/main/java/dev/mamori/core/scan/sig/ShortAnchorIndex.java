package dev.mamori.core.scan.sig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Anchors of 3 to 7 exact bytes, for signatures whose wildcards leave no 8-byte run. Sampled like
 * {@link LongAnchorIndex} but with 3-grams and a stride of (shortest anchor - 2): 5 when every short anchor has 7
 * bytes, 1 (every position) when one has only 3. Each sampled 3-gram is tested against a 64 Ki-bit (8 KiB,
 * L1-resident) filter, then looked up in an open-addressed table and confirmed byte by byte. Only engines that have
 * such anchors pay for this pass, and the shortest anchor sets its cost.
 *
 * <p>Immutable and thread-safe.
 */
final class ShortAnchorIndex {
    private static final int FILTER_BITS = 1 << 16;
    private static final int FILTER_MULTIPLIER = 0x9E3779B1;
    private static final int TABLE_MULTIPLIER = 0x85EBCA6B;

    private final long[] filter = new long[FILTER_BITS >>> 6];
    private final int[] tableKeys;
    private final int[] tableFrom;
    private final int[] tableTo;
    private final int tableShift;
    private final int tableMask;
    /** Anchor ids grouped by table slot. */
    private final int[] entries;
    private final byte[] anchorBytes;
    private final int[] anchorFrom;
    private final int[] anchorPartsFrom;
    private final int[] anchorParts;
    private final int stride;

    private ShortAnchorIndex(Builder b) {
        int anchors = b.anchors.size();
        stride = Math.max(1, b.anchors.stream().mapToInt(a -> a.length).min().orElse(GRAM) - GRAM + 1);
        anchorFrom = new int[anchors + 1];
        anchorPartsFrom = new int[anchors + 1];
        List<Integer> parts = new ArrayList<>();
        int bytes = 0;
        for (int a = 0; a < anchors; a++) {
            bytes += b.anchors.get(a).length;
        }
        anchorBytes = new byte[bytes];
        int at = 0;
        long[] keyed = new long[anchors * stride];
        for (int a = 0; a < anchors; a++) {
            byte[] anchor = b.anchors.get(a);
            anchorFrom[a] = at;
            System.arraycopy(anchor, 0, anchorBytes, at, anchor.length);
            at += anchor.length;
            anchorPartsFrom[a] = parts.size();
            parts.addAll(b.partsByAnchor.get(a));
            for (int j = 0; j < stride; j++) {
                keyed[a * stride + j] = (long) gram(anchor, j) << 32 | ((long) a << 3 | j);
            }
        }
        anchorFrom[anchors] = at;
        anchorPartsFrom[anchors] = parts.size();
        anchorParts = parts.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(keyed);
        int capacity = Math.max(16, Integer.highestOneBit(Math.max(keyed.length, 1) * 2 - 1) << 1);
        tableKeys = new int[capacity];
        tableFrom = new int[capacity];
        tableTo = new int[capacity];
        tableShift = 32 - Integer.numberOfTrailingZeros(capacity);
        tableMask = capacity - 1;
        entries = new int[keyed.length];
        int k = 0;
        while (k < keyed.length) {
            int gram = (int) (keyed[k] >>> 32);
            int from = k;
            while (k < keyed.length && (int) (keyed[k] >>> 32) == gram) {
                entries[k] = (int) keyed[k];
                k++;
            }
            int h = (gram * FILTER_MULTIPLIER) >>> 16;
            filter[h >>> 6] |= 1L << h;
            int slot = (gram * TABLE_MULTIPLIER) >>> tableShift;
            while (tableTo[slot] != 0) {
                slot = (slot + 1) & tableMask;
            }
            tableKeys[slot] = gram;
            tableFrom[slot] = from;
            tableTo[slot] = k;
        }
    }

    private static final int GRAM = AnchorSelector.SHORT_MIN;

    static int gram(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16;
    }

    boolean isEmpty() {
        return entries.length == 0;
    }

    int anchorCount() {
        return anchorFrom.length - 1;
    }

    long memoryBytes() {
        return 8L * filter.length + 12L * tableKeys.length + 4L * entries.length + anchorBytes.length
                + 4L * anchorFrom.length + 4L * anchorPartsFrom.length + 4L * anchorParts.length;
    }

    /**
     * Reports every anchor starting in {@code buf[from, to)} that lies within {@code buf[0, limit)}; sampling follows
     * stream offsets ({@code base} is the offset of {@code buf[0]}), so it is seamless across calls.
     */
    void find(byte[] buf, int limit, long base, int from, int to, CandidateBuffer out) {
        int last = Math.min(to - 1 + stride - 1, limit - GRAM);
        for (int i = from + Math.floorMod(-(base + from), stride); i <= last; i += stride) {
            int gram = (buf[i] & 0xFF) | (buf[i + 1] & 0xFF) << 8 | (buf[i + 2] & 0xFF) << 16;
            int h = (gram * FILTER_MULTIPLIER) >>> 16;
            if ((filter[h >>> 6] & (1L << h)) != 0) {
                probe(buf, limit, base, i, gram, from, to, out);
            }
        }
    }

    private void probe(byte[] buf, int limit, long base, int at, int gram, int from, int to, CandidateBuffer out) {
        int slot = (gram * TABLE_MULTIPLIER) >>> tableShift;
        while (tableTo[slot] != 0) {
            if (tableKeys[slot] == gram) {
                for (int k = tableFrom[slot], end = tableTo[slot]; k < end; k++) {
                    int anchor = entries[k] >>> 3;
                    int start = at - (entries[k] & 7);
                    int bytesFrom = anchorFrom[anchor];
                    int len = anchorFrom[anchor + 1] - bytesFrom;
                    if (start >= from && start < to && start + len <= limit
                            && Arrays.equals(buf, start, start + len, anchorBytes, bytesFrom, bytesFrom + len)) {
                        for (int p = anchorPartsFrom[anchor], pe = anchorPartsFrom[anchor + 1]; p < pe; p++) {
                            out.add(base + start, anchorParts[p]);
                        }
                    }
                }
                return;
            }
            slot = (slot + 1) & tableMask;
        }
    }

    static final class Builder {
        private final Map<String, Integer> anchorIds = new HashMap<>();
        private final List<byte[]> anchors = new ArrayList<>();
        private final List<List<Integer>> partsByAnchor = new ArrayList<>();

        void add(byte[] anchor, int part) {
            int id = anchorIds.computeIfAbsent(HexFormat.of().formatHex(anchor), k -> {
                anchors.add(anchor.clone());
                partsByAnchor.add(new ArrayList<>());
                return anchors.size() - 1;
            });
            partsByAnchor.get(id).add(part);
        }

        ShortAnchorIndex build() {
            return new ShortAnchorIndex(this);
        }
    }
}
