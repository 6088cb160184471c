package dev.mamori.core.spool;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;

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
 * The exception is {@link #openGrowingStream()}: a reader on another thread that follows the appends as they are
 * stored, which lets a scan run while the message is still arriving.
 */
public final class Spool implements AutoCloseable {
    private final long memoryThreshold;
    private final Path directory;
    private final SerialExecutor io;
    private final List<ByteBuf> heap = new ArrayList<>();
    private final AtomicLong pending = new AtomicLong();
    /** Guards {@link #heap} against growing readers and wakes them (appends, writes, finish, close). */
    private final Object lock = new Object();
    /** Bytes written to the file so far, in order: what a growing reader may read from it. */
    private final AtomicLong written = new AtomicLong();
    /** Nanoseconds growing readers spent waiting for bytes. */
    private final AtomicLong waitedNanos = new AtomicLong();
    private volatile int waiters;
    private volatile long size;
    private volatile Path file;
    private volatile FileChannel channel;
    private volatile IOException writeFailure;
    private volatile boolean finished;
    private volatile boolean closed;

    public Spool(long memoryThreshold, Path directory, Executor ioExecutor) {
        this.memoryThreshold = memoryThreshold;
        this.directory = directory;
        this.io = new SerialExecutor(ioExecutor);
    }

    /** Appends the readable bytes of {@code buf} (the buffer is not consumed or released). */
    public void append(ByteBuf buf) {
        add(buf, false);
    }

    /**
     * Appends the readable bytes of {@code buf} and takes it over: the spool keeps the buffer itself instead of a copy
     * and releases it, so the caller must neither use nor release it afterwards (also when this throws). For a buffer
     * made for the spool alone, such as un-stuffed SMTP content, it saves a copy of every byte.
     */
    public void appendOwned(ByteBuf buf) {
        add(buf, true);
    }

    private void add(ByteBuf buf, boolean owned) {
        int n = buf.readableBytes();
        if (n == 0 || finished) {
            if (owned) {
                buf.release();
            }
            if (n == 0) {
                return;
            }
            throw new IllegalStateException("spool already finished");
        }
        if (file == null && size + n <= memoryThreshold) {
            ByteBuf kept = owned ? buf : buf.copy();
            synchronized (lock) {
                heap.add(kept);
                size += n;
            }
            wakeReaders();
            return;
        }
        if (file == null) {
            switchToFile();
        }
        // after the switch, so a growing reader never sees a size the heap does not hold
        size += n;
        ByteBuf copy = owned ? buf : buf.copy();
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
        List<ByteBuf> moved;
        synchronized (lock) {
            moved = new ArrayList<>(heap);
            heap.clear();
        }
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
                wakeReaders();
            }
        });
    }

    private void write(ByteBuf b) {
        if (writeFailure != null || closed) {
            return;
        }
        try {
            ByteBuffer nio = b.nioBuffer();
            int n = nio.remaining();
            while (nio.hasRemaining()) {
                channel.write(nio);
            }
            written.addAndGet(n);
        } catch (IOException e) {
            writeFailure = e;
        }
        wakeReaders();
    }

    private void wakeReaders() {
        if (waiters > 0) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    /** Bytes appended but not yet written to the file. */
    public long pendingWrites() {
        return pending.get();
    }

    /** Completes when every appended byte is stored (or exceptionally when the disk failed: the message is not safe). */
    public CompletionStage<Spool> finish() {
        finished = true;
        wakeReaders();
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
        // buffered: readers such as the un-stuffing filter read in small pieces
        return new java.io.BufferedInputStream(Files.newInputStream(file), 64 * 1024);
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

    /**
     * The whole content as a zero-copy {@link FileRegion} (the kernel sends it from the file, e.g. with
     * {@code sendfile}), opened on the I/O executor; null when the spool is in memory. Only for a channel that
     * writes plain bytes: a {@code SslHandler} cannot take a file region. The caller writes or releases it.
     */
    public CompletionStage<FileRegion> fileRegion() {
        if (file == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<FileRegion> result = new CompletableFuture<>();
        long length = size;
        io.execute(() -> {
            try {
                if (closed) {
                    throw new SpoolAbortedException("the spool was closed");
                }
                FileChannel reader = FileChannel.open(file, StandardOpenOption.READ);
                result.complete(new DefaultFileRegion(reader, 0, length));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e instanceof IOException io ? new UncheckedIOException(io) : e);
            }
        });
        return result;
    }

    /**
     * Up to {@code max} bytes from {@code offset} (fewer only at the end) copied straight out of memory, or {@code null}
     * when the content is in a file (read it through {@link #openStream()} then). For readers after {@code finish()}.
     *
     * @throws IOException when the spool was closed
     */
    public byte[] readHeapBytes(long offset, int max) throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException("spool closed");
            }
            if (file != null) {
                return null;
            }
            long from = Math.min(Math.max(0, offset), size);
            byte[] out = new byte[(int) Math.max(0, Math.min(max, size - from))];
            long pos = 0;
            int o = 0;
            for (ByteBuf b : heap) {
                int n = b.readableBytes();
                long bEnd = pos + n;
                if (bEnd > from && o < out.length) {
                    int start = (int) (Math.max(from, pos) - pos);
                    int len = Math.min(n - start, out.length - o);
                    b.getBytes(b.readerIndex() + start, out, o, len);
                    o += len;
                }
                pos = bEnd;
            }
            return out;
        }
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

    /**
     * A stream over the content as it is appended, for one reader on a thread that may block (never an event loop):
     * a read waits until more bytes are stored, returns the end once {@link #finish()} was called and every byte was
     * read, and throws {@link SpoolAbortedException} once the spool is closed or failed to store a byte. It never
     * returns a byte that was not appended. Bytes beyond the memory threshold become readable once written to the
     * file (the file is not forced first). Closing the stream does not close the spool.
     */
    public InputStream openGrowingStream() {
        return new GrowingStream();
    }

    /** Total nanoseconds readers of {@link #openGrowingStream()} waited for bytes to arrive. */
    public long growingWaitNanos() {
        return waitedNanos.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        synchronized (lock) {
            closed = true;
            heap.forEach(ByteBuf::release);
            heap.clear();
            lock.notifyAll();
        }
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

    /** See {@link #openGrowingStream()}. */
    private final class GrowingStream extends InputStream {
        private long position;
        private volatile boolean streamClosed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (streamClosed) {
                    throw new IOException("stream closed");
                }
                checkUsable();
                if (file == null) {
                    int n = readHeap(b, off, len);
                    if (n != 0) {
                        return n;
                    }
                } else if (written.get() > position) {
                    return readFile(b, off, len);
                }
                if (finished && position >= size && (file == null || written.get() >= size)) {
                    return -1;
                }
                awaitMore();
            }
        }

        private void checkUsable() throws SpoolAbortedException {
            if (closed) {
                throw new SpoolAbortedException("the spool was closed before the message was complete");
            }
            IOException failure = writeFailure;
            if (failure != null) {
                throw new SpoolAbortedException("the spool could not store the message: " + failure);
            }
        }

        /** Copies from the heap buffers at the position; 0 when nothing new is there (or the spool moved to a file). */
        private int readHeap(byte[] b, int off, int len) {
            ByteBuf source = null;
            synchronized (lock) {
                if (file != null || closed) {
                    return 0;
                }
                long start = 0;
                for (ByteBuf h : heap) {
                    int n = h.readableBytes();
                    if (position < start + n) {
                        int at = (int) (position - start);
                        source = h.retainedSlice(h.readerIndex() + at, Math.min(len, n - at));
                        break;
                    }
                    start += n;
                }
            }
            if (source == null) {
                return 0;
            }
            try {
                int n = source.readableBytes();
                source.readBytes(b, off, n);
                position += n;
                return n;
            } finally {
                source.release();
            }
        }

        private int readFile(byte[] b, int off, int len) throws IOException {
            FileChannel ch = channel;
            int want = (int) Math.min(len, written.get() - position);
            ByteBuffer into = ByteBuffer.wrap(b, off, want);
            try {
                while (into.hasRemaining()) {
                    if (ch.read(into, position + into.position() - off) < 0) {
                        throw new IOException("spool file " + file + " is shorter than what was written");
                    }
                }
            } catch (java.nio.channels.ClosedChannelException e) {
                throw new SpoolAbortedException("the spool was closed before the message was complete");
            }
            position += want;
            return want;
        }

        private void awaitMore() throws IOException {
            long start = System.nanoTime();
            synchronized (lock) {
                waiters++;
                try {
                    // re-checked under the lock: writers change state first, then wake whoever waits
                    while (!closed && writeFailure == null && !streamClosed && !hasMore()) {
                        lock.wait(1000); // the timeout is only a safety net: every state change wakes readers
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for the message");
                } finally {
                    waiters--;
                    waitedNanos.addAndGet(System.nanoTime() - start);
                }
            }
        }

        private boolean hasMore() {
            if (file == null) {
                return size > position || finished;
            }
            return written.get() > position || (finished && written.get() >= size);
        }

        /** Also wakes a read waiting on another thread, which then fails: a way to stop a reader that waits. */
        @Override
        public void close() {
            streamClosed = true;
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }
}
