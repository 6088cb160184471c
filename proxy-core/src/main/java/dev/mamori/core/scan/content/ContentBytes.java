package dev.mamori.core.scan.content;

import java.io.IOException;
import java.io.InputStream;

/** The decoded bytes of one item, readable as often as needed while the item is current. */
interface ContentBytes {
    InputStream open() throws IOException;

    long size();

    /** Up to {@code max} bytes from {@code offset}; fewer at the end. */
    byte[] read(long offset, int max) throws IOException;
}
