package dev.mamori.core.scan.engine;

import dev.mamori.core.scan.content.ChunkConsumer;
import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.content.FileType;
import dev.mamori.core.scan.content.ContentPath;

import java.io.IOException;
import java.util.List;

/**
 * An engine that can scan the whole message (the item at depth 0) as its bytes arrive, instead of reading the
 * complete item afterwards. When a message is scanned while it arrives, such an engine gets the message this way and
 * is not called with the message item; other items come through {@link #scan}, or, when the engine offers
 * {@link #startItem}, as they are decoded.
 */
public interface MessageStreamEngine extends ContentEngine {
    /** A fresh consumer for one message's bytes, in order. */
    MessageScan startMessage();

    /**
     * A scan of one item fed as its decoded bytes are stored, for an item whose first bytes look like
     * {@code typeFromHead}; null when this engine does not scan items this way.
     */
    default MessageScan startItem(FileType typeFromHead) {
        return null;
    }

    /**
     * Whether a scan from {@link #startItem} for {@code typeFromHead} is what {@link #scan} would have done for
     * {@code item} (whose type was detected from all of it). When not, the item is scanned again normally.
     */
    default boolean streamedScanHolds(FileType typeFromHead, ContentItem item) {
        return false;
    }

    /** One message scanned as it arrives. Not thread-safe: one scan thread feeds it. */
    interface MessageScan extends ChunkConsumer {
        /** The message is complete (every byte went to {@link #accept}): what was found at {@code root}. */
        List<Detection> finish(ContentPath root) throws IOException;
    }
}
