package dev.mamori.core.scan.content;

import java.io.IOException;

/** Receives an item's bytes in order, chunk by chunk; the array is reused after the call returns. */
@FunctionalInterface
public interface ChunkConsumer {
    void accept(byte[] buffer, int offset, int length) throws IOException;
}
