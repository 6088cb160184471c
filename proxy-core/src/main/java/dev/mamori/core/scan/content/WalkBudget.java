package dev.mamori.core.scan.content;

import java.util.function.LongSupplier;

/**
 * What a walk has used of its {@link ScanLimits}; every check throws at the first breach. The scan time excludes the
 * time spent waiting for an arriving message's bytes ({@code waitedNanos}).
 */
final class WalkBudget {
    private final ScanLimits limits;
    private final long deadlineNanos;
    private final LongSupplier waitedNanos;
    private long totalBytes;
    private int items;

    WalkBudget(ScanLimits limits, long startNanos) {
        this(limits, startNanos, () -> 0);
    }

    WalkBudget(ScanLimits limits, long startNanos, LongSupplier waitedNanos) {
        this.limits = limits;
        this.deadlineNanos = startNanos + limits.maxScanTime().toNanos();
        this.waitedNanos = waitedNanos;
    }

    ScanLimits limits() {
        return limits;
    }

    void checkTime(ContentPath where) throws LimitExceededException {
        if (System.nanoTime() - waitedNanos.getAsLong() - deadlineNanos > 0) {
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

    /**
     * Counts {@code chunk} more bytes of an arriving message that now has {@code messageSize} bytes. The message is
     * checked on its own, as if counted before its parts (as {@link #chargeBytes} does for a complete message), so
     * parts counted meanwhile cannot make it the item that breaks the total.
     */
    void chargeMessageBytes(long messageSize, long chunk, ContentPath where) throws LimitExceededException {
        if (messageSize > limits.maxItemSize()) {
            throw new LimitExceededException(Limit.ITEM_SIZE, where, limits.maxItemSize() + " bytes");
        }
        if (messageSize > limits.maxTotalSize()) {
            throw new LimitExceededException(Limit.TOTAL_SIZE, where, limits.maxTotalSize() + " bytes");
        }
        totalBytes += chunk;
    }

    long totalBytes() {
        return totalBytes;
    }

    int items() {
        return items;
    }
}
