package dev.mamori.core.scan.engine;

import dev.mamori.core.scan.content.ChunkConsumer;
import dev.mamori.core.scan.content.ContentPath;

import java.io.IOException;
import java.util.List;

/**
 * An engine that can scan the whole message (the item at depth 0) as its bytes arrive, instead of reading the
 * complete item afterwards. When a message is scanned while it arrives, such an engine gets the message this way and
 * is not called with the message item; every other item still comes through {@link #scan}.
 */
public interface MessageStreamEngine extends ContentEngine {
    /** A fresh consumer for one message's bytes, in order. */
    MessageScan startMessage();

    /** One message scanned as it arrives. Not thread-safe: one scan thread feeds it. */
    interface MessageScan extends ChunkConsumer {
        /** The message is complete (every byte went to {@link #accept}): what was found at {@code root}. */
        List<Detection> finish(ContentPath root) throws IOException;
    }
}
