package dev.mamori.core.scan;

import java.io.IOException;
import java.io.InputStream;

/**
 * A spooled message as the scanner sees it: its content bytes (transfer encoding of the protocol already removed,
 * i.e. un-dot-stuffed), readable as often as needed.
 */
public interface MessageSource {
    /** A fresh stream over the message content from its first byte. Blocking: call it off the event loop. */
    InputStream openStream() throws IOException;

    /** Content length in bytes. */
    long size();

    /**
     * Up to {@code max} bytes from {@code offset} (fewer only at the end). Blocking: call it off the event loop. The
     * default reads them through {@link #openStream()}; a source that holds its bytes can copy them directly.
     */
    default byte[] read(long offset, int max) throws IOException {
        long size = size();
        try (InputStream in = openStream()) {
            in.skipNBytes(Math.min(offset, size));
            return in.readNBytes((int) Math.max(0, Math.min(max, size - offset)));
        }
    }
}
