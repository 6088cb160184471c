package dev.mamori.core.scan.content;

import dev.mamori.core.scan.ArrivingMessage;
import dev.mamori.core.scan.MessageSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

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

    /**
     * Walks a message while it arrives. Its parts are read from {@code arriving} and emitted as each is complete;
     * every byte read also goes to {@code messageBytes} (engines that scan the whole message as it comes), and each
     * item's decoded bytes to {@code itemStreams} (may be null) as they are stored. Once the
     * stream has ended, the message item itself is emitted, its bytes read from {@link ArrivingMessage#arrived()}:
     * unlike {@link #walk(MessageSource, ContentVisitor)} it comes after its parts. The scan time limit does not count
     * {@code waitedNanos}, the time spent waiting for bytes. A failing {@code arriving} stream (the message will not arrive) is an
     * {@link IOException}, as for any source.
     */
    public WalkResult walkArriving(ArrivingMessage message, InputStream arriving, LongSupplier waitedNanos,
                                   ChunkConsumer messageBytes, ItemStreams itemStreams, ContentVisitor visitor)
            throws IOException {
        long start = System.nanoTime();
        Walk walk = new Walk(limits, storage, visitor, start, waitedNanos);
        if (itemStreams != null) {
            walk.streamItemsTo(itemStreams);
        }
        ContentPath root = ContentPath.message();
        ArrivalTee tee = new ArrivalTee(arriving, walk.budget(), root, messageBytes);
        return finish(walk, start, same -> {
            try {
                walk.budget().chargeItem(root);
                MimeContainer.walk(walk, tee, root);
            } catch (LimitExceededException e) {
                // the parts stop here; the message item is still scanned below, as when it comes first
                walk.finding(Finding.Kind.LIMIT_EXCEEDED, e.where(), e.which());
            } catch (WalkFailure e) {
                if (!(e.getCause() instanceof ArrivalTee.Stop stop) || stop.limit() == null) {
                    throw e;
                }
            }
            try {
                tee.drain();
            } catch (IOException e) {
                throw new WalkFailure(e);
            }
            LimitExceededException overLimit = tee.overLimit();
            if (overLimit != null) {
                throw overLimit;
            }
            walk.arrivedMessage(new SourceBytes(message.arrived()));
        });
    }

    private WalkResult run(ContentVisitor visitor, Body body) throws IOException {
        long start = System.nanoTime();
        return finish(new Walk(limits, storage, visitor, start), start, body);
    }

    private WalkResult finish(Walk walk, long start, Body body) throws IOException {
        try {
            body.run(walk);
        } catch (LimitExceededException e) {
            walk.finding(Finding.Kind.LIMIT_EXCEEDED, e.where(), e.which());
        } catch (WalkFailure e) {
            throw e.getCause() instanceof ArrivalTee.Stop stop && stop.getCause() instanceof IOException cause
                    ? cause : e.getCause();
        }
        return new WalkResult(walk.findings().list(ContentPath.message()), walk.budget().items(),
                walk.budget().totalBytes(), Duration.ofNanos(System.nanoTime() - start));
    }

    @FunctionalInterface
    private interface Body {
        void run(Walk walk) throws LimitExceededException;
    }
}
