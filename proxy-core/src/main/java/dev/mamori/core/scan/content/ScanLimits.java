package dev.mamori.core.scan.content;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of one walk. Breaking any of them ends the walk with {@link Finding.Kind#LIMIT_EXCEEDED}: the message is
 * unscannable, never silently passed. Sizes are decoded bytes, counted as they stream out of a decoder, so a bomb is
 * stopped after at most one read buffer past the limit.
 *
 * @param maxItemSize          decoded bytes of one item (the message itself, a MIME leaf, an archive member)
 * @param maxTotalSize         decoded bytes of all items of one message together; nested items count again at every
 *                             level, as they are stored again
 * @param maxDepth             nesting: attached messages, archives, compressed streams and multiparts inside
 *                             multiparts each add a level
 * @param maxArchiveMembers    members of one archive (checked against the zip directory before it is read)
 * @param maxItems             items of one message, members of every archive included
 * @param maxCompressionRatio  decoded bytes per compressed byte, of each member and of each archive as a whole
 * @param ratioFloor           decoded size below which the ratio is not enforced: a few KB of zeros compress 1000:1
 *                             and are harmless
 * @param maxScanTime          wall time of the whole walk, the visitor's work included
 * @param maxDecoderMemory     memory a decoder may ask for (LZMA/XZ dictionaries, 7z headers); more is a limit breach,
 *                             not an OutOfMemoryError
 */
public record ScanLimits(long maxItemSize, long maxTotalSize, int maxDepth, int maxArchiveMembers, int maxItems,
                         int maxCompressionRatio, long ratioFloor, Duration maxScanTime, long maxDecoderMemory) {

    private static final long MIB = 1024L * 1024;

    public ScanLimits {
        positive(maxItemSize, "maxItemSize");
        positive(maxTotalSize, "maxTotalSize");
        positive(maxDepth, "maxDepth");
        positive(maxArchiveMembers, "maxArchiveMembers");
        positive(maxItems, "maxItems");
        positive(maxCompressionRatio, "maxCompressionRatio");
        if (ratioFloor < 0) {
            throw new IllegalArgumentException("ratioFloor must not be negative: " + ratioFloor);
        }
        Objects.requireNonNull(maxScanTime, "maxScanTime");
        if (maxScanTime.isNegative() || maxScanTime.isZero()) {
            throw new IllegalArgumentException("maxScanTime must be positive: " + maxScanTime);
        }
        if (maxDecoderMemory < MIB) {
            throw new IllegalArgumentException("maxDecoderMemory must be at least 1 MiB: " + maxDecoderMemory);
        }
    }

    /**
     * Defaults for a small site: 64 MiB per item and 256 MiB per message cover any attachment a mail server accepts;
     * depth 16 is deeper than any legitimate mail (ClamAV's default is 17); 10,000 members per archive and 20,000
     * items per message; ratio 200 (deflate tops out near 1032:1, bombs sit there, real documents rarely pass 100)
     * enforced from 1 MiB; 60 s; 128 MiB of decoder memory (7-Zip's ultra preset needs a 64 MiB dictionary).
     */
    public static ScanLimits defaults() {
        return new ScanLimits(64 * MIB, 256 * MIB, 16, 10_000, 20_000, 200, MIB, Duration.ofSeconds(60), 128 * MIB);
    }

    public ScanLimits withMaxItemSize(long value) {
        return new ScanLimits(value, maxTotalSize, maxDepth, maxArchiveMembers, maxItems, maxCompressionRatio,
                ratioFloor, maxScanTime, maxDecoderMemory);
    }

    public ScanLimits withMaxTotalSize(long value) {
        return new ScanLimits(maxItemSize, value, maxDepth, maxArchiveMembers, maxItems, maxCompressionRatio,
                ratioFloor, maxScanTime, maxDecoderMemory);
    }

    public ScanLimits withMaxDepth(int value) {
        return new ScanLimits(maxItemSize, maxTotalSize, value, maxArchiveMembers, maxItems, maxCompressionRatio,
                ratioFloor, maxScanTime, maxDecoderMemory);
    }

    public ScanLimits withMaxArchiveMembers(int value) {
        return new ScanLimits(maxItemSize, maxTotalSize, maxDepth, value, maxItems, maxCompressionRatio,
                ratioFloor, maxScanTime, maxDecoderMemory);
    }

    public ScanLimits withMaxItems(int value) {
        return new ScanLimits(maxItemSize, maxTotalSize, maxDepth, maxArchiveMembers, value, maxCompressionRatio,
                ratioFloor, maxScanTime, maxDecoderMemory);
    }

    public ScanLimits withMaxCompressionRatio(int value) {
        return new ScanLimits(maxItemSize, maxTotalSize, maxDepth, maxArchiveMembers, maxItems, value,
                ratioFloor, maxScanTime, maxDecoderMemory);
    }

    public ScanLimits withMaxScanTime(Duration value) {
        return new ScanLimits(maxItemSize, maxTotalSize, maxDepth, maxArchiveMembers, maxItems, maxCompressionRatio,
                ratioFloor, value, maxDecoderMemory);
    }

    public ScanLimits withMaxDecoderMemory(long value) {
        return new ScanLimits(maxItemSize, maxTotalSize, maxDepth, maxArchiveMembers, maxItems, maxCompressionRatio,
                ratioFloor, maxScanTime, value);
    }

    int maxDecoderMemoryKib() {
        return (int) Math.min(Integer.MAX_VALUE, maxDecoderMemory / 1024);
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
