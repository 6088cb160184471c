package dev.mamori.core.scan.engine;

/**
 * Marks an engine exception that means "this item cannot be scanned by me" (too large for clamd, say) rather than
 * "I failed": the pipeline records it as an unscannable finding, which policy handles, instead of a scanner error.
 */
public interface ItemNotScannable {
    /** What made the item unscannable, for the finding's detail. */
    String reason();
}
