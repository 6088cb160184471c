package dev.mamori.core.scan.sig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Anchors of 3 to 7 exact bytes, for signatures whose wildcards leave no 8-byte run. Sampled like
 * {@link LongAnchorIndex} but with 2-grams and a stride of (shortest anchor - 1): an anchor of {@code n} bytes holds
 * {@code n - 1} consecutive 2-grams, so one of them starts on every {@code n - 1}'th position; {@code stride}
 * consecutive ones of each anchor (the rarest such window) are indexed with their offset in it. The stride is 2 when
 * one short anchor has only 3 bytes, 6 when all have 7. A sampled 2-gram indexes a 64 Ki-bit (8 KiB, L1-resident)
 * filter directly, with no hashing (at stride 2, four of them per 8-byte load); a hit looks the 2-gram up in an
 * open-addressed table and confirms each anchor behind it with one masked 8-byte compare, then its
 * {@link AnchorGuard}. Only engines that have such anchors pay for this pass, and the shortest anchor sets its cost.
 *
 * <p>Immutable and thread-safe.
 */
final class ShortAnchorIndex {
    static final int GRAM = 2;
    private static final int FILTER_BITS = 1 << 16;
    private static final int TABLE_MULTIPLIER = 0x85EBCA6B;

    private final long[] filter = new long[FILTER_BITS >>> 6];
    private final int[] tableKeys;
    private final int[] tableFrom;
    private final int[] tableTo;
    private final int tableShift;
    private final int tableMask;
    /** {@code anchor << 3 | offsetInAnchor}, grouped by table slot. */
    private final int[] entries;
    /** Each anchor's bytes as a little-endian long, and the mask of its length. */
    private final long[] anchorValues;
    private final long[] anchorMasks;
    private final byte[] anchorLengths;
    private final int[] anchorPartsFrom;
    private final int[] anchorParts;
    /** {@link AnchorGuard} of each entry of {@link #anchorParts}, flat. */
    private final long[] guards;
    private final int stride;

    private ShortAnchorIndex(Builder b) {
        int anchors = b.anchors.size();
        stride = Math.max(1, b.anchors.stream().mapToInt(a -> a.length).min().orElse(GRAM + 1) - GRAM + 1);
        anchorValues = new long[anchors];
        anchorMasks = new long[anchors];
        anchorLengths = new byte[anchors];
        anchorPartsFrom = new int[anchors + 1];
        List<Integer> parts = new ArrayList<>();
        long[] keyed = new long[anchors * stride];
        for (int a = 0; a < anchors; a++) {
            byte[] anchor = b.anchors.get(a);
            byte[] padded = Arrays.copyOf(anchor, Long.BYTES);
            anchorValues[a] = ByteArrays.longAt(padded, 0);
            anchorMasks[a] = -1L >>> (8 * (Long.BYTES - anchor.length));
            anchorLengths[a] = (byte) anchor.length;
            anchorPartsFrom[a] = parts.size();
            parts.addAll(b.partsByAnchor.get(a));
            int first = rarestWindow(anchor, stride, b.bigramProbability);
            for (int k = 0; k < stride; k++) {
                int j = first + k;
                keyed[a * stride + k] = (long) gram(anchor, j) << 32 | ((long) a << 3 | j);
            }
        }
        anchorPartsFrom[anchors] = parts.size();
        anchorParts = parts.stream().mapToInt(Integer::intValue).toArray();
        guards = new long[anchorParts.length * AnchorGuard.LONGS];
        for (int p = 0; p < anchorParts.length; p++) {
            System.arraycopy(b.guardsByPart.get(anchorParts[p]), 0, guards, p * AnchorGuard.LONGS,
                    AnchorGuard.LONGS);
        }
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
            filter[gram >>> 6] |= 1L << gram;
            int slot = (gram * TABLE_MULTIPLIER) >>> tableShift;
            while (tableTo[slot] != 0) {
                slot = (slot + 1) & tableMask;
            }
            tableKeys[slot] = gram;
            tableFrom[slot] = from;
            tableTo[slot] = k;
        }
    }

    /**
     * The first of the {@code stride} consecutive 2-gram offsets of an anchor to index: any such window works (one
     * of them is sampled wherever the anchor occurs), so take the one whose 2-grams are the least likely.
     */
    private static int rarestWindow(byte[] anchor, int stride, BigramProbability probability) {
        int best = 0;
        double bestSum = Double.MAX_VALUE;
        for (int first = 0; first + stride - 1 <= anchor.length - GRAM; first++) {
            double sum = 0;
            for (int j = first; j < first + stride; j++) {
                sum += probability.of(anchor, j);
            }
            if (sum < bestSum) {
                bestSum = sum;
                best = first;
            }
        }
        return best;
    }

    /** The estimated probability of the 2-gram at {@code bytes[at]} at a random position of scanned data. */
    @FunctionalInterface
    interface BigramProbability {
        double of(byte[] bytes, int at);
    }

    /** The little-endian 2-gram at {@code at}, as the scan loop reads it. */
    static int gram(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    }

    boolean isEmpty() {
        return entries.length == 0;
    }

    int anchorCount() {
        return anchorValues.length;
    }

    /** Positions per sampled 2-gram: the shortest anchor's length - 1. */
    int stride() {
        return stride;
    }

    long memoryBytes() {
        return 8L * filter.length + 12L * tableKeys.length + 4L * entries.length + 17L * anchorValues.length
                + 4L * anchorPartsFrom.length + 4L * anchorParts.length + 8L * guards.length;
    }

    /**
     * Reports every anchor starting in {@code buf[from, to)} that lies within {@code buf[0, limit)}; sampling follows
     * stream offsets ({@code base} is the offset of {@code buf[0]}), so it is seamless across calls.
     */
    void find(byte[] buf, int limit, long base, int from, int to, CandidateBuffer out) {
        // the sampled 2-gram of an anchor starting before `to` may lie up to SHORT_MAX - GRAM bytes after its start
        int last = Math.min(to - 1 + AnchorSelector.SHORT_MAX - GRAM, limit - GRAM);
        final long[] filter = this.filter;
        int i = from + Math.floorMod(-(base + from), stride);
        if (stride == 2) {
            // the usual stride (some anchor has 3 bytes): four sampled 2-grams per 8-byte load, one branch for all four
            for (; i + 3 * 2 <= last; i += Long.BYTES) {
                long w = ByteArrays.longAt(buf, i);
                int g0 = (int) w & 0xFFFF;
                int g1 = (int) (w >>> 16) & 0xFFFF;
                int g2 = (int) (w >>> 32) & 0xFFFF;
                int g3 = (int) (w >>> 48);
                long any = filter[g0 >>> 6] >>> g0 | filter[g1 >>> 6] >>> g1 | filter[g2 >>> 6] >>> g2
                        | filter[g3 >>> 6] >>> g3;
                if ((any & 1) != 0) {
                    probeIfIndexed(buf, limit, base, i, g0, from, to, out);
                    probeIfIndexed(buf, limit, base, i + 2, g1, from, to, out);
                    probeIfIndexed(buf, limit, base, i + 4, g2, from, to, out);
                    probeIfIndexed(buf, limit, base, i + 6, g3, from, to, out);
                }
            }
        }
        for (; i <= last; i += stride) {
            probeIfIndexed(buf, limit, base, i, ByteArrays.shortAt(buf, i), from, to, out);
        }
    }

    private void probeIfIndexed(byte[] buf, int limit, long base, int at, int gram, int from, int to,
                                CandidateBuffer out) {
        if ((filter[gram >>> 6] & (1L << gram)) != 0) {
            probe(buf, limit, base, at, gram, from, to, out);
        }
    }

    private void probe(byte[] buf, int limit, long base, int at, int gram, int from, int to, CandidateBuffer out) {
        int slot = (gram * TABLE_MULTIPLIER) >>> tableShift;
        // an empty slot has key 0, which is also a valid 2-gram: the end of the slot's entries tells them apart
        while (tableTo[slot] != 0 && tableKeys[slot] != gram) {
            slot = (slot + 1) & tableMask;
        }
        for (int k = tableFrom[slot], end = tableTo[slot]; k < end; k++) {
            int anchor = entries[k] >>> 3;
            int start = at - (entries[k] & 7);
            int len = anchorLengths[anchor];
            if (start >= from && start < to && start + len <= limit && matches(buf, limit, start, anchor)) {
                for (int p = anchorPartsFrom[anchor], pe = anchorPartsFrom[anchor + 1]; p < pe; p++) {
                    if (AnchorGuard.passes(buf, limit, start, len, guards, p * AnchorGuard.LONGS)) {
                        out.add(base + start, anchorParts[p]);
                    }
                }
            }
        }
    }

    private boolean matches(byte[] buf, int limit, int start, int anchor) {
        long value;
        if (start + Long.BYTES <= limit) {
            value = ByteArrays.longAt(buf, start);
        } else {
            // the window's last bytes: read what is there
            value = 0;
            for (int i = Math.min(limit, start + Long.BYTES) - 1; i >= start; i--) {
                value = value << 8 | (buf[i] & 0xFF);
            }
        }
        return (value & anchorMasks[anchor]) == anchorValues[anchor];
    }

    static final class Builder {
        private final BigramProbability bigramProbability;
        private final Map<String, Integer> anchorIds = new HashMap<>();
        private final List<byte[]> anchors = new ArrayList<>();
        private final List<List<Integer>> partsByAnchor = new ArrayList<>();
        private final Map<Integer, long[]> guardsByPart = new HashMap<>();

        void add(byte[] anchor, int part, long[] guard) {
            int id = anchorIds.computeIfAbsent(HexFormat.of().formatHex(anchor), k -> {
                anchors.add(anchor.clone());
                partsByAnchor.add(new ArrayList<>());
                return anchors.size() - 1;
            });
            partsByAnchor.get(id).add(part);
            guardsByPart.put(part, guard);
        }

        Builder(BigramProbability bigramProbability) {
            this.bigramProbability = bigramProbability;
        }

        ShortAnchorIndex build() {
            return new ShortAnchorIndex(this);
        }
    }
}
