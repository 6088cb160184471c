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
}
