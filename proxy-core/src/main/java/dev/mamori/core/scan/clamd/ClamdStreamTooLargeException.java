package dev.mamori.core.scan.clamd;

/**
 * The item is larger than clamd accepts on INSTREAM ({@code StreamMaxLength}): either the configured
 * {@link ClamdSettings#maxStreamSize()} said so before sending, or clamd replied
 * {@code INSTREAM size limit exceeded}. A distinct type so that the pipeline can report the message as unscannable
 * ("too large for clamd") rather than as a failing scanner; it is never a pass.
 */
public final class ClamdStreamTooLargeException extends ClamdException implements dev.mamori.core.scan.engine.ItemNotScannable {
    private final long limit;

    public ClamdStreamTooLargeException(String message, long limit) {
        super(message);
        this.limit = limit;
    }

    @Override
    public String reason() {
        return "too large for clamd" + (limit > 0 ? " (limit " + limit + " bytes)" : "");
    }

    /** The limit that was exceeded in bytes, or -1 when only clamd knows it. */
    public long limit() {
        return limit;
    }
}
