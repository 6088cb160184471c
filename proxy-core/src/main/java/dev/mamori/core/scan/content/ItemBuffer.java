package dev.mamori.core.scan.content;

import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One item's decoded bytes: a heap array up to the storage threshold, then a temp file. Written once, then read any
 * number of times (archives need random access, hence {@link #channel()}). Single-threaded, like the walk.
 */
final class ItemBuffer implements ContentBytes, AutoCloseable {
    private final ItemStorage storage;
    private byte[] heap = new byte[8192];
    private long size;
    private Path file;
    private OutputStream fileOut;
    private boolean finished;

    ItemBuffer(ItemStorage storage) {
        this.storage = storage;
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IllegalStateException("item buffer already finished");
        }
        if (file == null && size + len <= storage.memoryThreshold()) {
            if (size + len > heap.length) {
                heap = Arrays.copyOf(heap, (int) Math.min(storage.memoryThreshold(), Math.max(size + len, heap.length * 2L)));
            }
            System.arraycopy(b, off, heap, (int) size, len);
        } else {
            if (file == null) {
                spill();
            }
            fileOut.write(b, off, len);
        }
        size += len;
    }

    private void spill() throws IOException {
        Files.createDirectories(storage.directory());
        file = Files.createTempFile(storage.directory(), "item-", ".tmp");
        fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE), 64 * 1024);
        fileOut.write(heap, 0, (int) size);
        heap = null;
    }

    void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (fileOut != null) {
            fileOut.close();
            fileOut = null;
        } else if (heap.length != size) {
            heap = Arrays.copyOf(heap, (int) size);
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        requireFinished();
        return file == null ? new ByteArrayInputStream(heap) : Files.newInputStream(file);
    }

    /** Random access for formats that read their directory first (zip, 7z). The caller closes it. */
    SeekableByteChannel channel() throws IOException {
        requireFinished();
        return file == null ? new SeekableInMemoryByteChannel(heap) : FileChannel.open(file, StandardOpenOption.READ);
    }

    @Override
    public byte[] read(long offset, int max) throws IOException {
        requireFinished();
        int len = (int) Math.max(0, Math.min(max, size - offset));
        if (file == null) {
            return Arrays.copyOfRange(heap, (int) offset, (int) offset + len);
        }
        ByteBuffer bb = ByteBuffer.allocate(len);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (bb.hasRemaining() && ch.read(bb, offset + bb.position()) >= 0) {
                // keep reading: a file channel may return short reads
            }
        }
        return Arrays.copyOf(bb.array(), bb.position());
    }

    private void requireFinished() {
        if (!finished) {
            throw new IllegalStateException("item buffer not finished");
        }
    }

    @Override
    public void close() {
        heap = null;
        try {
            if (fileOut != null) {
                fileOut.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // the temp directory is the product's own and is cleared at start-up
        }
    }
}
