package dev.mamori.core.scan.content;

/** What a walk has used of its {@link ScanLimits}; every check throws at the first breach. */
final class WalkBudget {
    private final ScanLimits limits;
    private final long deadlineNanos;
    private long totalBytes;
    private int items;

    WalkBudget(ScanLimits limits, long startNanos) {
        this.limits = limits;
        this.deadlineNanos = startNanos + limits.maxScanTime().toNanos();
    }

    ScanLimits limits() {
        return limits;
    }

    void checkTime(ContentPath where) throws LimitExceededException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new LimitExceededException(Limit.SCAN_TIME, where, limits.maxScanTime().toMillis() + " ms");
        }
    }

    void checkDepth(ContentPath where, int extraNesting) throws LimitExceededException {
        if (where.depth() + extraNesting > limits.maxDepth()) {
            throw new LimitExceededException(Limit.DEPTH, where, String.valueOf(limits.maxDepth()));
        }
    }

    void chargeItem(ContentPath where) throws LimitExceededException {
        if (++items > limits.maxItems()) {
            throw new LimitExceededException(Limit.ITEMS, where, String.valueOf(limits.maxItems()));
        }
    }

    /** Counts {@code chunk} more bytes of an item that now has {@code itemSize} bytes. */
    void chargeBytes(long itemSize, long chunk, ContentPath where) throws LimitExceededException {
        if (itemSize > limits.maxItemSize()) {
            throw new LimitExceededException(Limit.ITEM_SIZE, where, limits.maxItemSize() + " bytes");
        }
        totalBytes += chunk;
        if (totalBytes > limits.maxTotalSize()) {
            throw new LimitExceededException(Limit.TOTAL_SIZE, where, limits.maxTotalSize() + " bytes");
        }
    }

    long totalBytes() {
        return totalBytes;
    }

    int items() {
        return items;
    }
}
