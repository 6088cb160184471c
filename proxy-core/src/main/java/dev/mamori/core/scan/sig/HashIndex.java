package dev.mamori.core.scan.sig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hash signatures of one algorithm, in flat arrays: for each signature its digest, size and name id, in load
 * order; and a sorted key array, {@code first 40 digest bits << 24 | signature index}, to find them by binary search.
 * A million MD5 signatures take ~40 MB plus their names, load as fast as the lines parse, and need no per-entry
 * objects. Also knows the set of sizes, so a scanner can skip hashing an item no signature could match.
 *
 * <p>Immutable and thread-safe.
 */
final class HashIndex {
    private static final int INDEX_BITS = 24;
    static final int MAX_SIGNATURES = 1 << INDEX_BITS;

    private final HashAlgorithm algorithm;
    private final long[] keys;
    private final byte[] digests;
    private final long[] sizes;
    private final int[] nameIds;
    private final long[] distinctSizes;
    private final boolean anySize;
    private final long maxSize;

    private HashIndex(Builder b) {
        algorithm = b.algorithm;
        int n = b.count;
        digests = Arrays.copyOf(b.digests, n * algorithm.length());
        sizes = Arrays.copyOf(b.sizes, n);
        nameIds = Arrays.copyOf(b.nameIds, n);
        keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = prefix(digests, i * algorithm.length()) << INDEX_BITS | i;
        }
        Arrays.sort(keys);
        distinctSizes = Arrays.stream(sizes).filter(s -> s != HashSignature.ANY_SIZE).sorted().distinct().toArray();
        anySize = Arrays.stream(sizes).anyMatch(s -> s == HashSignature.ANY_SIZE);
        maxSize = distinctSizes.length == 0 ? -1 : distinctSizes[distinctSizes.length - 1];
    }

    private static long prefix(byte[] digest, int at) {
        long p = 0;
        for (int k = 0; k < 5; k++) {
            p = p << 8 | (digest[at + k] & 0xFF);
        }
        return p;
    }

    HashAlgorithm algorithm() {
        return algorithm;
    }

    int size() {
        return sizes.length;
    }

    /** Whether an item of {@code size} bytes could match any signature here. */
    boolean couldMatchSize(long size) {
        return anySize || Arrays.binarySearch(distinctSizes, size) >= 0;
    }

    /** Whether an item already longer than {@code size} bytes could still match (a wildcard or larger size exists). */
    boolean couldMatchLongerThan(long size) {
        return anySize || maxSize > size;
    }

    /** Adds the name id of every signature with this digest and size (or any size). */
    void lookup(byte[] digest, long size, List<Integer> nameIdsOut) {
        long p = prefix(digest, 0);
        long lowKey = p << INDEX_BITS;
        int lo = 0;
        int hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] < lowKey) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int len = algorithm.length();
        for (int k = lo; k < keys.length && keys[k] >>> INDEX_BITS == p; k++) {
            int i = (int) (keys[k] & (MAX_SIGNATURES - 1));
            if ((sizes[i] == HashSignature.ANY_SIZE || sizes[i] == size)
                    && Arrays.equals(digests, i * len, (i + 1) * len, digest, 0, len)) {
                nameIdsOut.add(nameIds[i]);
            }
        }
    }

    long memoryBytes() {
        return 8L * keys.length + digests.length + 8L * sizes.length + 4L * nameIds.length
                + 8L * distinctSizes.length;
    }

    static final class Builder {
        private final HashAlgorithm algorithm;
        private byte[] digests;
        private long[] sizes = new long[256];
        private int[] nameIds = new int[256];
        private int count;

        Builder(HashAlgorithm algorithm) {
            this.algorithm = algorithm;
            this.digests = new byte[256 * algorithm.length()];
        }

        void add(byte[] digest, long size, int nameId) {
            if (count == MAX_SIGNATURES) {
                throw new IllegalArgumentException("more than " + MAX_SIGNATURES + " " + algorithm + " signatures");
            }
            if (count == sizes.length) {
                sizes = Arrays.copyOf(sizes, count * 2);
                nameIds = Arrays.copyOf(nameIds, count * 2);
                digests = Arrays.copyOf(digests, count * 2 * algorithm.length());
            }
            System.arraycopy(digest, 0, digests, count * algorithm.length(), algorithm.length());
            sizes[count] = size;
            nameIds[count] = nameId;
            count++;
        }

        boolean isEmpty() {
            return count == 0;
        }

        HashIndex build() {
            return new HashIndex(this);
        }
    }

    static List<HashIndex> buildAll(List<Builder> builders) {
        List<HashIndex> built = new ArrayList<>();
        for (Builder b : builders) {
            if (!b.isEmpty()) {
                built.add(b.build());
            }
        }
        return built;
    }
}
