package dev.mamori.core.spool;

import java.io.IOException;

/** A growing reader's spool was closed or failed before the message was complete: the message will not arrive. */
public final class SpoolAbortedException extends IOException {
    public SpoolAbortedException(String message) {
        super(message);
    }
}
