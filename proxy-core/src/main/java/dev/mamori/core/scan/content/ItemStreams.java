package dev.mamori.core.scan.content;

/**
 * Takes the decoded bytes of items while a walk stores them, so engines can scan an item as it is decoded instead of
 * reading it again once it is complete (used while a message arrives: the last part is then scanned by the time its
 * last byte is decoded). An item is offered only once its first {@link FileTypeDetector#HEAD_SIZE} bytes are there,
 * typed from those alone; the type the item finally gets (from its head, tail and size) may differ, and the
 * receiver must check that before it uses what it found. Smaller items are not offered.
 */
@FunctionalInterface
public interface ItemStreams {
    /** A consumer for the bytes of the item at {@code path}, from its first byte; null to not stream it. */
    ChunkConsumer start(ContentPath path, FileType typeFromHead);
}
