package dev.mamori.core.scan.content;

import dev.mamori.core.scan.MessageSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * Takes a message apart into {@link ContentItem}s for the engines: the whole message (depth 0), each decoded MIME
 * leaf, each attached message and its parts, each uuencoded block in a text part, and each member of every archive
 * and compressed stream, recursively. Items go to the visitor as they are produced, parents before children.
 *
 * <p>Never throws for what the message contains: broken MIME, damaged or encrypted archives and unsupported
 * containers are {@link Finding}s, and a broken {@link ScanLimits limit} ends the walk with a
 * {@link Finding.Kind#LIMIT_EXCEEDED} finding. It throws {@link IOException} only when the scanner itself fails (the
 * temp directory, the message source, or the visitor): the message was not scanned.
 *
 * <p>Blocking and single-threaded per walk: run it on the scan executor. Instances are immutable and may be shared.
 */
public final class MessageWalker {
    private final ScanLimits limits;
    private final ItemStorage storage;

    public MessageWalker(ScanLimits limits, ItemStorage storage) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** Walks a spooled message; its bytes are read from the source, not copied, for the root item. */
    public WalkResult walk(MessageSource message, ContentVisitor visitor) throws IOException {
        return run(visitor, walk -> walk.message(new SourceBytes(message)));
    }

    /** Walks a message read once from {@code message}, stored within the limits first (heap, then a temp file). */
    public WalkResult walk(InputStream message, ContentVisitor visitor) throws IOException {
        return run(visitor, walk -> {
            ContentPath root = ContentPath.message();
            Stored stored = walk.store(message, root, CompressionGuard.NONE);
            try (ItemBuffer buffer = stored.buffer()) {
                if (stored.damage() != null) {
                    throw new WalkFailure(stored.damage());
                }
                walk.emit(root, null, "message/rfc822", buffer, true);
            }
        });
    }

    private WalkResult run(ContentVisitor visitor, Body body) throws IOException {
        long start = System.nanoTime();
        Walk walk = new Walk(limits, storage, visitor, start);
        try {
            body.run(walk);
        } catch (LimitExceededException e) {
            walk.finding(Finding.Kind.LIMIT_EXCEEDED, e.where(), e.which());
        } catch (WalkFailure e) {
            throw e.getCause();
        }
        return new WalkResult(walk.findings().list(ContentPath.message()), walk.budget().items(),
                walk.budget().totalBytes(), Duration.ofNanos(System.nanoTime() - start));
    }

    @FunctionalInterface
    private interface Body {
        void run(Walk walk) throws LimitExceededException;
    }
}
