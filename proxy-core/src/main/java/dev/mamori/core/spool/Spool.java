package dev.mamori.core.spool;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds the bytes of one message while it is scanned: in memory up to a threshold, then in a temp file. Appends come
 * from an event loop and never block it: file writes run in order on the I/O executor, and {@link #pendingWrites()}
 * tells the caller when to stop reading its source (backpressure).
 *
 * <p>Lifecycle: {@code append*} → {@link #finish()} → any number of {@link #openStream()} / {@link #readChunk} →
 * {@link #close()}. Not thread-safe for appends: one event loop appends; readers run after {@code finish()} completed.
 */
public final class Spool implements AutoCloseable {
    private final long memoryThreshold;
    private final Path directory;
    private final SerialExecutor io;
    private final List<ByteBuf> heap = new ArrayList<>();
    private final AtomicLong pending = new AtomicLong();
    private long size;
    private volatile Path file;
    private FileChannel channel;
    private volatile IOException writeFailure;
    private boolean finished;
    private volatile boolean closed;

    public Spool(long memoryThreshold, Path directory, Executor ioExecutor) {
        this.memoryThreshold = memoryThreshold;
        this.directory = directory;
        this.io = new SerialExecutor(ioExecutor);
    }

    /** Appends the readable bytes of {@code buf} (the buffer is not consumed or released). */
    public void append(ByteBuf buf) {
        int n = buf.readableBytes();
        if (n == 0) {
            return;
        }
        if (finished) {
            throw new IllegalStateException("spool already finished");
        }
        size += n;
        if (file == null && size <= memoryThreshold) {
            heap.add(buf.copy());
            return;
        }
        if (file == null) {
            switchToFile();
        }
        ByteBuf copy = buf.copy();
        pending.addAndGet(n);
        io.execute(() -> {
            try {
                write(copy);
            } finally {
                pending.addAndGet(-n);
                copy.release();
            }
        });
    }

    private void switchToFile() {
        file = directory.resolve("spool-" + System.nanoTime() + "-" + Integer.toHexString(System.identityHashCode(this)) + ".tmp");
        List<ByteBuf> moved = new ArrayList<>(heap);
        heap.clear();
        long movedBytes = moved.stream().mapToLong(ByteBuf::readableBytes).sum();
        pending.addAndGet(movedBytes);
        io.execute(() -> {
            try {
                Files.createDirectories(directory);
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
                for (ByteBuf b : moved) {
                    write(b);
                }
            } catch (IOException e) {
                writeFailure = e;
            } finally {
                moved.forEach(ByteBuf::release);
                pending.addAndGet(-movedBytes);
            }
        });
    }

    private void write(ByteBuf b) {
        if (writeFailure != null || closed) {
            return;
        }
        try {
            ByteBuffer nio = b.nioBuffer();
            while (nio.hasRemaining()) {
                channel.write(nio);
            }
        } catch (IOException e) {
            writeFailure = e;
        }
    }

    /** Bytes appended but not yet written to the file. */
    public long pendingWrites() {
        return pending.get();
    }

    /** Completes when every appended byte is stored (or exceptionally when the disk failed: the message is not safe). */
    public CompletionStage<Spool> finish() {
        finished = true;
        CompletableFuture<Spool> done = new CompletableFuture<>();
        if (file == null) {
            done.complete(this);
            return done;
        }
        io.execute(() -> {
            try {
                if (writeFailure == null) {
                    channel.force(false);
                }
            } catch (IOException e) {
                writeFailure = e;
            }
            if (writeFailure != null) {
                done.completeExceptionally(writeFailure);
            } else {
                done.complete(this);
            }
        });
        return done;
    }

    public long size() {
        return size;
    }

    public boolean inMemory() {
        return file == null;
    }

    /** A stream over the whole content. Blocking when the spool is on disk: not for event loops. */
    public InputStream openStream() throws IOException {
        if (file == null) {
            List<InputStream> parts = new ArrayList<>(heap.size());
            for (ByteBuf b : heap) {
                parts.add(new ByteBufInputStream(b.duplicate()));
            }
            return new SequenceInputStream(Collections.enumeration(parts));
        }
        return Files.newInputStream(file);
    }

    /**
     * Reads up to {@code max} bytes at {@code offset} into a new buffer, on the I/O executor when on disk. The result
     * is empty at the end. The caller releases the buffer.
     */
    public CompletionStage<ByteBuf> readChunk(long offset, int max) {
        if (file == null) {
            return CompletableFuture.completedFuture(heapSlice(offset, max));
        }
        CompletableFuture<ByteBuf> result = new CompletableFuture<>();
        io.execute(() -> {
            try {
                int len = (int) Math.min(max, size - offset);
                ByteBuffer bb = ByteBuffer.allocate(Math.max(0, len));
                long pos = offset;
                while (bb.hasRemaining()) {
                    int r = channel.read(bb, pos);
                    if (r < 0) {
                        throw new IOException("spool file " + file + " is shorter than expected");
                    }
                    pos += r;
                }
                bb.flip();
                result.complete(Unpooled.wrappedBuffer(bb));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e instanceof IOException io ? new UncheckedIOException(io) : e);
            }
        });
        return result;
    }

    private ByteBuf heapSlice(long offset, int max) {
        CompositeByteBuf out = Unpooled.compositeBuffer(heap.size() + 1);
        long pos = 0;
        long end = Math.min(size, offset + max);
        for (ByteBuf b : heap) {
            long bStart = pos;
            long bEnd = pos + b.readableBytes();
            pos = bEnd;
            if (bEnd <= offset || bStart >= end) {
                continue;
            }
            int from = (int) (Math.max(offset, bStart) - bStart);
            int to = (int) (Math.min(end, bEnd) - bStart);
            out.addComponent(true, b.retainedSlice(b.readerIndex() + from, to - from));
        }
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heap.forEach(ByteBuf::release);
        heap.clear();
        if (file != null) {
            Path f = file;
            io.execute(() -> {
                try {
                    if (channel != null) {
                        channel.close();
                    }
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // a leftover temp file is removed at the next start
                }
            });
        }
    }
}
