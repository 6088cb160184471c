package dev.mamori.core.scan.content;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Our own I/O failed (the temp directory, the visitor), as opposed to the content being damaged. Unchecked so that it
 * passes through the archive code that turns library exceptions into {@link Finding.Kind#CORRUPT}; the walker
 * rethrows the cause: the message was not scanned, which is a scanner error, not a finding.
 */
final class WalkFailure extends UncheckedIOException {
    WalkFailure(IOException cause) {
        super(cause);
    }
}
