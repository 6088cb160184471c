package dev.mamori.core.component.update;

/** A download failed: HTTP status, timeout, size limit, connection. The message is the reason shown to the admin. */
public final class FetchException extends Exception {
    public FetchException(String reason) {
        super(reason);
    }

    public FetchException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
