package dev.mamori.core.scan.content;

import java.io.IOException;
import java.io.InputStream;

/**
 * One walk over one message: stores each item within the limits, hands it to the visitor, then opens it if it is a
 * container (attached message, archive, compressed stream, text with uuencoded blocks). Depth-first, so at most one
 * item per level is held at a time. Single-threaded.
 */
final class Walk {
    private static final int COPY_BUFFER = 64 * 1024;

    private final ItemStorage storage;
    private final ContentVisitor visitor;
    private final WalkBudget budget;
    private final Findings findings = new Findings();
    private ItemStreams streams;

    Walk(ScanLimits limits, ItemStorage storage, ContentVisitor visitor, long startNanos) {
        this(limits, storage, visitor, startNanos, () -> 0);
    }

    Walk(ScanLimits limits, ItemStorage storage, ContentVisitor visitor, long startNanos,
         java.util.function.LongSupplier waitedNanos) {
        this.storage = storage;
        this.visitor = visitor;
        this.budget = new WalkBudget(limits, startNanos, waitedNanos);
    }

    /** From now on, stored items are also handed to {@code streams} as they are decoded. */
    void streamItemsTo(ItemStreams streams) {
        this.streams = streams;
    }

    WalkBudget budget() {
        return budget;
    }

    ScanLimits limits() {
        return budget.limits();
    }

    Findings findings() {
        return findings;
    }

    void finding(Finding.Kind kind, ContentPath where, String detail) {
        findings.add(kind, where, detail);
    }

    /** The whole message: an item itself, then taken apart as MIME. */
    void message(ContentBytes message) throws LimitExceededException {
        ContentPath root = ContentPath.message();
        budget.chargeBytes(message.size(), message.size(), root);
        emit(root, null, "message/rfc822", message, true);
    }

    /**
     * Decodes {@code in} into a new buffer, counting every chunk against the limits as it leaves the decoder. A read
     * failure ends the item early (see {@link Stored#damage()}); a limit ends the walk.
     */
    Stored store(InputStream in, ContentPath path, CompressionGuard.Member guard) throws LimitExceededException {
        budget.checkDepth(path, 0);
        budget.checkTime(path);
        ItemBuffer buffer = storage.newBuffer();
        byte[] chunk = new byte[COPY_BUFFER];
        long size = 0;
        ItemTap tap = streams == null ? null : new ItemTap(path);
        try {
            while (true) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (ArrivalTee.Stop e) {
                    // the arriving message itself stopped (or hit a limit): the walk ends, this is no damaged part
                    buffer.close();
                    throw new WalkFailure(e);
                } catch (IOException e) {
                    finish(buffer);
                    return new Stored(buffer, e);
                } catch (RuntimeException e) {
                    // archive code throws unchecked exceptions on hostile input; that is damage, not a scanner bug
                    finish(buffer);
                    return new Stored(buffer, new IOException("decoder failed: " + e, e));
                }
                if (n < 0) {
                    break;
                }
                size += n;
                budget.chargeBytes(size, n, path);
                guard.onBytes(size, n, path);
                budget.checkTime(path);
                write(buffer, chunk, n);
                if (tap != null) {
                    tap.accept(chunk, n);
                }
            }
            finish(buffer);
            return new Stored(buffer, null);
        } catch (LimitExceededException | RuntimeException e) {
            buffer.close();
            throw e;
        }
    }

    /**
     * Stores and emits an archive member or decompressed stream. Damage is reported as what it is: a password, a
     * decoder that wanted too much memory, or corruption; what was decoded before it is still scanned.
     */
    void member(ContentPath path, String name, InputStream in, CompressionGuard.Member guard)
            throws LimitExceededException {
        Stored stored = store(in, path, guard);
        try (ItemBuffer buffer = stored.buffer()) {
            if (stored.damage() != null) {
                Damage.report(this, path, stored.damage(), buffer.size());
            }
            emit(path, name, null, buffer, false);
        }
    }

    /**
     * Hands the message item to the visitor after its parts were walked while it arrived: its bytes are complete now,
     * it was counted as an item and its bytes were charged as they arrived.
     */
    void arrivedMessage(ContentBytes message) throws LimitExceededException {
        ContentPath root = ContentPath.message();
        ContentItem item = new ContentItem(root, null, "message/rfc822", detect(message), message);
        try {
            visitor.item(item);
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
        budget.checkTime(root);
    }

    /** Hands a complete item to the visitor, then opens it if it is a container. */
    void emit(ContentPath path, String name, String mimeType, ContentBytes bytes, boolean isMessage)
            throws LimitExceededException {
        budget.chargeItem(path);
        ContentItem item = new ContentItem(path, name, mimeType, detect(bytes), bytes);
        try {
            visitor.item(item);
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
        budget.checkTime(path);
        if (isMessage) {
            MimeContainer.walk(this, bytes, path);
        } else if (bytes instanceof ItemBuffer buffer) {
            Containers.open(this, item, buffer);
        }
    }

    /** Offers an item to {@link #streams} once its head is there, then passes every further chunk on. */
    private final class ItemTap {
        private final ContentPath path;
        private byte[] head = new byte[FileTypeDetector.HEAD_SIZE];
        private int headLen;
        private ChunkConsumer consumer;

        ItemTap(ContentPath path) {
            this.path = path;
        }

        void accept(byte[] chunk, int n) {
            try {
                if (consumer != null) {
                    consumer.accept(chunk, 0, n);
                    return;
                }
                if (head == null) {
                    return; // not streamed
                }
                int k = Math.min(n, head.length - headLen);
                System.arraycopy(chunk, 0, head, headLen, k);
                headLen += k;
                if (headLen < head.length) {
                    return;
                }
                FileType type = FileTypeDetector.detect(head, headLen, head, headLen, headLen);
                consumer = streams.start(path, type);
                if (consumer != null) {
                    consumer.accept(head, 0, headLen);
                    if (k < n) {
                        consumer.accept(chunk, k, n - k);
                    }
                }
                head = null;
            } catch (IOException e) {
                throw new WalkFailure(e);
            }
        }
    }

    private static FileType detect(ContentBytes bytes) {
        try {
            byte[] head = bytes.read(0, FileTypeDetector.HEAD_SIZE);
            long tailStart = Math.max(0, bytes.size() - FileTypeDetector.TAIL_SIZE);
            byte[] tail = tailStart == 0 ? head : bytes.read(tailStart, FileTypeDetector.TAIL_SIZE);
            return FileTypeDetector.detect(head, head.length, tail, tail.length, bytes.size());
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
    }

    private static void write(ItemBuffer buffer, byte[] chunk, int n) {
        try {
            buffer.write(chunk, 0, n);
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
    }

    private static void finish(ItemBuffer buffer) {
        try {
            buffer.finish();
        } catch (IOException e) {
            buffer.close();
            throw new WalkFailure(e);
        }
    }
}
