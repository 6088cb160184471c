package dev.mamori.core.scan.sig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast path: finds every occurrence of 8-byte anchors while reading only one 4-gram every 5 bytes.
 *
 * <p>An 8-byte anchor contains 5 consecutive 4-grams, so however it is aligned, exactly one of them starts at a
 * position that is a multiple of 5; all 5 are indexed, each with its offset in the anchor. Per sampled position the
 * cost is one load, one multiply and one bit test in a bitset sized to ~16 bits per q-gram (128 KiB at 10k patterns:
 * L2-resident, rejecting ~94% of positions that hold no indexed q-gram). The filter pass runs without a branch over
 * blocks of positions, collecting those that pass: in executables a third of the positions hold an indexed q-gram
 * (code idioms, zero runs), too many and too irregular for branch prediction. Each position that passed goes through
 * a second stage: a byte per q-gram hash says at which offsets in their anchors such q-grams occur, and for each of
 * those (usually one) the 8 bytes where the anchor would start are tested in a second bitset of ~32 bits per anchor.
 * Only then is the bucket of that hash (the top bits of the same product) read from a compressed array of (anchor,
 * offset) entries, and each entry confirmed by comparing the anchor as one 8-byte load, so the buckets need not store
 * the q-grams themselves; a confirmed anchor becomes a candidate only if its part's {@link AnchorGuard} passes. This
 * is where the architecture's measurements led: object-node automata miss the cache at every byte, and a per-position
 * q-gram filter spends most of its time on positions a stride can skip.
 *
 * <p>Immutable and thread-safe.
 */
final class LongAnchorIndex {
    static final int ANCHOR_LENGTH = 8;
    static final int GRAM = 4;
    static final int STRIDE = ANCHOR_LENGTH - GRAM + 1;
    private static final int MULTIPLIER = 0x9E3779B1;
    private static final long LONG_MULTIPLIER = 0x9E3779B97F4A7C15L;
    /** Bits per anchor in {@link #anchorFilter}: about 1 in 32 of the starts tested pass it by chance. */
    private static final int ANCHOR_FILTER_BITS = 32;
    /** Sampled positions per block of {@link #find}. */
    private static final int BLOCK = 256;

    private final long[] filter;
    private final int filterShift;
    /** Second stage: one bit per anchor value (hashed), tested at the starts {@link #gramOffsets} gives. */
    private final long[] anchorFilter;
    private final int anchorFilterShift;
    /**
     * Per hash of a 4-gram, the offsets in their anchors at which indexed 4-grams with that hash occur (bit j for
     * offset j): the starts the second stage has to test, usually one instead of five.
     */
    private final byte[] gramOffsets;
    private final int gramOffsetsShift;
    /** Bucket {@code b} holds {@code entries[bucketStart[b], bucketStart[b + 1])}. */
    private final int[] bucketStart;
    private final int bucketShift;
    /** {@code anchor << 3 | offsetInAnchor}, grouped by bucket. */
    private final int[] entries;
    private final long[] anchorValues;
    private final int[] anchorPartsFrom;
    private final int[] anchorParts;
    /** {@link AnchorGuard} of each entry of {@link #anchorParts}, flat. */
    private final long[] guards;

    private LongAnchorIndex(Builder b) {
        int anchors = b.values.size();
        anchorValues = new long[anchors];
        anchorPartsFrom = new int[anchors + 1];
        List<Integer> parts = new ArrayList<>();
        for (int a = 0; a < anchors; a++) {
            anchorValues[a] = b.values.get(a);
            anchorPartsFrom[a] = parts.size();
            parts.addAll(b.partsByAnchor.get(a));
        }
        anchorPartsFrom[anchors] = parts.size();
        anchorParts = parts.stream().mapToInt(Integer::intValue).toArray();
        guards = new long[anchorParts.length * AnchorGuard.LONGS];
        for (int p = 0; p < anchorParts.length; p++) {
            System.arraycopy(b.guardsByPart.get(anchorParts[p]), 0, guards, p * AnchorGuard.LONGS,
                    AnchorGuard.LONGS);
        }

        int grams = Math.max(anchors * STRIDE, 1);
        int filterBits = Math.clamp(Integer.highestOneBit(grams * 16 - 1) << 1, 1 << 12, 1 << 24);
        int buckets = Math.min(filterBits, Math.max(16, Integer.highestOneBit(grams - 1) << 1));
        filter = new long[filterBits >>> 6];
        filterShift = 32 - Integer.numberOfTrailingZeros(filterBits);
        int anchorBits = Math.clamp(Integer.highestOneBit(Math.max(anchors, 1) * ANCHOR_FILTER_BITS - 1) << 1,
                1 << 10, 1 << 26);
        anchorFilter = new long[anchorBits >>> 6];
        anchorFilterShift = 64 - Integer.numberOfTrailingZeros(anchorBits);
        for (long value : anchorValues) {
            int h = anchorHash(value);
            anchorFilter[h >>> 6] |= 1L << h;
        }
        bucketShift = 32 - Integer.numberOfTrailingZeros(buckets);
        int offsetSlots = Math.clamp(Integer.highestOneBit(grams * 4 - 1) << 1, 1 << 10, 1 << 24);
        gramOffsets = new byte[offsetSlots];
        gramOffsetsShift = 32 - Integer.numberOfTrailingZeros(offsetSlots);
        long[] keyed = new long[anchors * STRIDE];
        for (int a = 0; a < anchors; a++) {
            for (int j = 0; j < STRIDE; j++) {
                int hash = (int) (anchorValues[a] >>> (8 * j)) * MULTIPLIER;
                filter[(hash >>> filterShift) >>> 6] |= 1L << (hash >>> filterShift);
                gramOffsets[hash >>> gramOffsetsShift] |= (byte) (1 << j);
                keyed[a * STRIDE + j] = (long) (hash >>> bucketShift) << 32 | ((long) a << 3 | j);
            }
        }
        Arrays.sort(keyed);
        entries = new int[keyed.length];
        bucketStart = new int[buckets + 1];
        for (int k = 0; k < keyed.length; k++) {
            entries[k] = (int) keyed[k];
            bucketStart[(int) (keyed[k] >>> 32) + 1]++;
        }
        for (int bucket = 0; bucket < buckets; bucket++) {
            bucketStart[bucket + 1] += bucketStart[bucket];
        }
    }

    /** The little-endian 4-gram at {@code at}, as the scan loop reads it. */
    static int gram(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
                | (bytes[at + 3] & 0xFF) << 24;
    }

    boolean isEmpty() {
        return anchorValues.length == 0;
    }

    int anchorCount() {
        return anchorValues.length;
    }

    long memoryBytes() {
        return 8L * filter.length + 8L * anchorFilter.length + gramOffsets.length + 4L * bucketStart.length
                + 4L * entries.length + 8L * anchorValues.length
                + 4L * anchorPartsFrom.length + 4L * anchorParts.length
                + 8L * guards.length;
    }

    /**
     * Reports every anchor starting in {@code buf[from, to)} whose 8 bytes lie within {@code buf[0, limit)}.
     * {@code base} is the stream offset of {@code buf[0]}; sampling follows stream offsets, so it is seamless across
     * calls.
     */
    void find(byte[] buf, int limit, long base, int from, int to, CandidateBuffer out) {
        int last = Math.min(to - 1 + STRIDE - 1, limit - GRAM);
        int first = from + Math.floorMod(-(base + from), STRIDE);
        final long[] filter = this.filter;
        final int shift = filterShift;
        int[] hits = out.scratch(BLOCK);
        // In two passes per block: the filter test without a branch (in executables it passes a third of the
        // positions, too often and too irregularly for branch prediction), then the positions that passed.
        for (int blockStart = first; blockStart <= last; blockStart += BLOCK * STRIDE) {
            int blockLast = Math.min(last, blockStart + (BLOCK - 1) * STRIDE);
            int n = 0;
            for (int i = blockStart; i <= blockLast; i += STRIDE) {
                int h = (ByteArrays.intAt(buf, i) * MULTIPLIER) >>> shift;
                hits[n] = i;
                n += (int) (filter[h >>> 6] >>> h) & 1;
            }
            for (int k = 0; k < n; k++) {
                int i = hits[k];
                int hash = ByteArrays.intAt(buf, i) * MULTIPLIER;
                if (anyAnchorMayStart(buf, limit, i, gramOffsets[hash >>> gramOffsetsShift])) {
                    probe(buf, limit, base, i, hash >>> bucketShift, from, to, out);
                }
            }
        }
    }

    private int anchorHash(long value) {
        return (int) ((value * LONG_MULTIPLIER) >>> anchorFilterShift);
    }

    /**
     * Whether the 8 bytes at any start {@code at - j} (for the offsets {@code j} in {@code offsets}) that the window
     * holds may be an anchor: a load and a bit test per offset in a small filter, much cheaper than walking the
     * bucket, whose arrays are out of the L1 cache.
     */
    private boolean anyAnchorMayStart(byte[] buf, int limit, int at, int offsets) {
        for (int js = offsets & 0xFF; js != 0; js &= js - 1) {
            int start = at - Integer.numberOfTrailingZeros(js);
            if (start >= 0 && start + ANCHOR_LENGTH <= limit) {
                int h = anchorHash(ByteArrays.longAt(buf, start));
                if ((anchorFilter[h >>> 6] & (1L << h)) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private void probe(byte[] buf, int limit, long base, int at, int bucket, int from, int to, CandidateBuffer out) {
        for (int k = bucketStart[bucket], end = bucketStart[bucket + 1]; k < end; k++) {
            int entry = entries[k];
            int start = at - (entry & 7);
            int anchor = entry >>> 3;
            if (start >= from && start < to && start + ANCHOR_LENGTH <= limit
                    && ByteArrays.longAt(buf, start) == anchorValues[anchor]) {
                for (int p = anchorPartsFrom[anchor], pe = anchorPartsFrom[anchor + 1]; p < pe; p++) {
                    if (AnchorGuard.passes(buf, limit, start, ANCHOR_LENGTH, guards, p * AnchorGuard.LONGS)) {
                        out.add(base + start, anchorParts[p]);
                    }
                }
            }
        }
    }

    static final class Builder {
        private final Map<Long, Integer> anchorIds = new HashMap<>();
        private final List<Long> values = new ArrayList<>();
        private final List<List<Integer>> partsByAnchor = new ArrayList<>();
        private final Map<Integer, long[]> guardsByPart = new HashMap<>();

        void add(byte[] anchor, int part, long[] guard) {
            long value = ByteArrays.longAt(anchor, 0);
            int id = anchorIds.computeIfAbsent(value, v -> {
                values.add(v);
                partsByAnchor.add(new ArrayList<>());
                return values.size() - 1;
            });
            partsByAnchor.get(id).add(part);
            guardsByPart.put(part, guard);
        }

        LongAnchorIndex build() {
            return new LongAnchorIndex(this);
        }
    }
}
