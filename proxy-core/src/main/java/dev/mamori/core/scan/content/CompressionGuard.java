package dev.mamori.core.scan.content;

import java.util.function.LongSupplier;

/**
 * Enforces {@link ScanLimits#maxCompressionRatio()} while bytes stream out of a decoder: per member (decoded against
 * the compressed bytes consumed so far) and per archive (all members decoded so far against the archive's size).
 * Below {@link ScanLimits#ratioFloor()} decoded bytes nothing is enforced.
 */
final class CompressionGuard {
    /** For content that is not decompressed (MIME leaves, stored members): no ratio to watch. */
    static final Member NONE = (memberDecoded, chunk, where) -> {
    };

    private final ScanLimits limits;
    private final long archiveSize;
    private long archiveDecoded;

    CompressionGuard(ScanLimits limits, long archiveSize) {
        this.limits = limits;
        this.archiveSize = Math.max(1, archiveSize);
    }

    /** For members stored without compression (tar, ar, cpio): only the archive as a whole is watched. */
    Member uncompressedMember() {
        return member(null);
    }

    /** @param compressedSoFar compressed bytes the member's decoder has consumed, or its declared compressed size */
    Member member(LongSupplier compressedSoFar) {
        return (memberDecoded, chunk, where) -> {
            archiveDecoded += chunk;
            if (compressedSoFar != null && memberDecoded > limits.ratioFloor()
                    && memberDecoded > (double) limits.maxCompressionRatio() * Math.max(1, compressedSoFar.getAsLong())) {
                throw new LimitExceededException(Limit.COMPRESSION_RATIO, where,
                        limits.maxCompressionRatio() + ":1 (member)");
            }
            if (archiveDecoded > limits.ratioFloor()
                    && archiveDecoded > (double) limits.maxCompressionRatio() * archiveSize) {
                throw new LimitExceededException(Limit.COMPRESSION_RATIO, where,
                        limits.maxCompressionRatio() + ":1 (archive)");
            }
        };
    }

    @FunctionalInterface
    interface Member {
        void onBytes(long memberDecoded, int chunk, ContentPath where) throws LimitExceededException;
    }
}
