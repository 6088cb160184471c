package dev.mamori.core.spool;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class SpoolTest {
    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final TrackingExecutor io = new TrackingExecutor(pool);

    @AfterEach
    void stopExecutor() throws InterruptedException {
        // the spool chains its tasks: the pool may only stop once the chain has run out (temp file deletion last)
        io.awaitIdle();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void staysInMemoryUpToTheThreshold() throws IOException {
        byte[] data = random(1000, 1);
        try (Spool spool = new Spool(1000, dir, io)) {
            appendInPieces(spool, data, new Random(2));
            assertThat(spool.inMemory()).isTrue();
            assertThat(spool.size()).isEqualTo(1000);
            assertThat(spool.pendingWrites()).isZero();
            assertThat(spool.finish().toCompletableFuture().isDone()).as("nothing to wait for in memory").isTrue();
            assertThat(files()).isEmpty();
            assertContent(spool, data);
        }
    }

    @Test
    void switchesToATempFileBeyondTheThreshold() throws Exception {
        byte[] data = random(1001, 3);
        Spool spool = new Spool(1000, dir, io);
        spool.append(Unpooled.wrappedBuffer(data, 0, 1000));
        assertThat(spool.inMemory()).isTrue();
        spool.append(Unpooled.wrappedBuffer(data, 1000, 1));
        assertThat(spool.inMemory()).isFalse();
        assertThat(spool.finish().toCompletableFuture().get(10, TimeUnit.SECONDS)).isSameAs(spool);
        assertThat(spool.pendingWrites()).isZero();

        List<Path> files = files();
        assertThat(files).hasSize(1);
        assertThat(files.getFirst().getFileName().toString()).startsWith("spool-").endsWith(".tmp");
        assertThat(Files.readAllBytes(files.getFirst())).isEqualTo(data);
        assertContent(spool, data);

        spool.close();
        awaitIo();
        assertThat(files()).as("the temp file is deleted on close").isEmpty();
    }

    @Test
    void manyOddSizedAppendsInMemory() throws IOException {
        byte[] data = random(50_000, 4);
        try (Spool spool = new Spool(1 << 20, dir, io)) {
            appendInPieces(spool, data, new Random(5));
            spool.finish().toCompletableFuture().join();
            assertThat(spool.inMemory()).isTrue();
            assertContent(spool, data);
        }
    }

    @Test
    void manyOddSizedAppendsOnDisk() throws IOException {
        byte[] data = random(200_000, 6);
        try (Spool spool = new Spool(8191, dir, io)) {
            appendInPieces(spool, data, new Random(7));
            spool.finish().toCompletableFuture().join();
            assertThat(spool.inMemory()).isFalse();
            assertThat(spool.size()).isEqualTo(data.length);
            assertThat(spool.pendingWrites()).isZero();
            assertContent(spool, data);
        }
    }

    @Test
    void zeroThresholdGoesToDiskRightAway() throws IOException {
        byte[] data = random(5000, 8);
        try (Spool spool = new Spool(0, dir, io)) {
            spool.append(Unpooled.wrappedBuffer(data, 0, 1));
            assertThat(spool.inMemory()).isFalse();
            spool.append(Unpooled.wrappedBuffer(data, 1, data.length - 1));
            spool.finish().toCompletableFuture().join();
            assertContent(spool, data);
        }
    }

    @Test
    void pendingWritesCountBytesNotYetOnDiskAndDropToZeroAfterFinish() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        CountDownLatch gate = new CountDownLatch(1);
        try {
            single.execute(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            byte[] data = random(3000, 9);
            TrackingExecutor tracked = new TrackingExecutor(single);
            try (Spool spool = new Spool(1000, dir, tracked)) {
                spool.append(Unpooled.wrappedBuffer(data, 0, 800));
                assertThat(spool.pendingWrites()).as("in memory: nothing pending").isZero();
                spool.append(Unpooled.wrappedBuffer(data, 800, 700));
                assertThat(spool.pendingWrites()).as("moved heap plus the new bytes").isEqualTo(1500);
                spool.append(Unpooled.wrappedBuffer(data, 1500, 1500));
                assertThat(spool.pendingWrites()).isEqualTo(3000);
                var finished = spool.finish().toCompletableFuture();
                assertThat(finished).isNotDone();
                gate.countDown();
                finished.get(10, TimeUnit.SECONDS);
                assertThat(spool.pendingWrites()).isZero();
                assertContent(spool, data);
            }
            tracked.awaitIdle();
        } finally {
            gate.countDown();
            single.shutdown();
            assertThat(single.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void appendCopiesTheReadableBytesAndLeavesTheBufferAlone() throws IOException {
        ByteBuf buf = Unpooled.buffer(16);
        buf.writeBytes(new byte[]{9, 9, 1, 2, 3});
        buf.readerIndex(2);
        try (Spool spool = new Spool(100, dir, io)) {
            spool.append(buf);
            assertThat(buf.readerIndex()).isEqualTo(2);
            assertThat(buf.refCnt()).isEqualTo(1);
            buf.setByte(2, 7); // later changes of the source must not show in the spool
            spool.finish().toCompletableFuture().join();
            assertContent(spool, new byte[]{1, 2, 3});
        }
        buf.release();
    }

    @Test
    void ownedBuffersAreKeptAcrossTheSwitchToDiskAndReleased() throws Exception {
        byte[] data = random(40_000, 10);
        List<ByteBuf> given = new java.util.ArrayList<>();
        Random pieces = new Random(11);
        try (Spool spool = new Spool(10_000, dir, io)) {
            for (int pos = 0; pos < data.length; ) {
                int len = Math.min(data.length - pos, 1 + pieces.nextInt(3000));
                ByteBuf b = Unpooled.buffer(len + 3);
                b.writeBytes(new byte[]{5, 5}).writeBytes(data, pos, len).readerIndex(2); // readable part only
                given.add(b);
                spool.appendOwned(b);
                pos += len;
            }
            spool.appendOwned(Unpooled.buffer(4)); // empty: released at once
            spool.finish().toCompletableFuture().join();
            assertThat(spool.inMemory()).isFalse();
            assertContent(spool, data);
        }
        io.awaitIdle();
        assertThat(given).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        ByteBuf late = Unpooled.wrappedBuffer(new byte[]{1});
        try (Spool spool = new Spool(100, dir, io)) {
            spool.finish().toCompletableFuture().join();
            assertThatIllegalStateException().isThrownBy(() -> spool.appendOwned(late));
        }
        assertThat(late.refCnt()).isZero();
    }

    @Test
    void ownedBuffersInMemoryAreReleasedOnClose() throws IOException {
        ByteBuf b = Unpooled.wrappedBuffer(new byte[]{1, 2, 3});
        try (Spool spool = new Spool(100, dir, io)) {
            spool.appendOwned(b);
            spool.finish().toCompletableFuture().join();
            assertContent(spool, new byte[]{1, 2, 3});
            assertThat(b.refCnt()).isEqualTo(1);
        }
        assertThat(b.refCnt()).isZero();
    }

    @Test
    void heapBytesAreAnyRangeOfTheContent() throws IOException {
        byte[] data = random(30_000, 12);
        Random rnd = new Random(13);
        try (Spool spool = new Spool(1 << 20, dir, io)) {
            appendInPieces(spool, data, new Random(14));
            spool.finish().toCompletableFuture().join();
            for (int i = 0; i < 500; i++) {
                int offset = rnd.nextInt(data.length + 10);
                int max = rnd.nextInt(20_000);
                int from = Math.min(offset, data.length);
                byte[] expected = Arrays.copyOfRange(data, from, Math.min(data.length, from + max));
                assertThat(spool.readHeapBytes(offset, max)).as("offset %d max %d", offset, max).isEqualTo(expected);
            }
            spool.close();
            assertThatThrownBy(() -> spool.readHeapBytes(0, 10)).isInstanceOf(IOException.class);
        }
        try (Spool spool = new Spool(10, dir, io)) {
            spool.append(Unpooled.wrappedBuffer(data));
            spool.finish().toCompletableFuture().join();
            assertThat(spool.readHeapBytes(0, 10)).isNull(); // in a file: the caller reads the stream
        }
    }

    @Test
    void emptyAppendsAreIgnoredButOtherAppendsAfterFinishAreRefused() {
        try (Spool spool = new Spool(100, dir, io)) {
            spool.append(Unpooled.EMPTY_BUFFER);
            assertThat(spool.size()).isZero();
            spool.finish().toCompletableFuture().join();
            spool.append(Unpooled.EMPTY_BUFFER);
            assertThatIllegalStateException().isThrownBy(() -> spool.append(Unpooled.wrappedBuffer(new byte[]{1})));
        }
    }

    @Test
    void emptySpool() throws IOException {
        try (Spool spool = new Spool(100, dir, io)) {
            spool.finish().toCompletableFuture().join();
            assertContent(spool, new byte[0]);
        }
    }

    @Test
    void aDiskFailureFailsFinish() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("occupied"), "x");
        try (Spool spool = new Spool(10, notADirectory, io)) {
            spool.append(Unpooled.wrappedBuffer(random(100, 10)));
            assertThatThrownBy(() -> spool.finish().toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(IOException.class);
        }
    }

    @Test
    void closeReleasesTheHeapBuffers() {
        Spool spool = new Spool(1000, dir, io);
        spool.append(Unpooled.wrappedBuffer(random(10, 11)));
        spool.finish().toCompletableFuture().join();
        ByteBuf chunk = spool.readChunk(0, 10).toCompletableFuture().join();
        spool.close();
        assertThat(chunk.refCnt()).as("a chunk handed out holds its own reference").isEqualTo(1);
        assertThat(chunk.readableBytes()).isEqualTo(10);
        chunk.release();
        spool.close(); // twice is harmless
    }

    private void assertContent(Spool spool, byte[] data) throws IOException {
        try (InputStream in = spool.openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        try (InputStream in = spool.openStream()) {
            assertThat(in.readAllBytes()).as("a second stream sees the same bytes").isEqualTo(data);
        }
        int n = data.length;
        int[] offsets = {0, 1, 2, n / 3, n / 2, n - 2, n - 1, n, n + 5};
        int[] sizes = {1, 2, 7, 999, 4096, 65_537, Integer.MAX_VALUE};
        for (int offset : offsets) {
            if (offset < 0) {
                continue;
            }
            for (int max : sizes) {
                ByteBuf chunk = spool.readChunk(offset, max).toCompletableFuture().join();
                try {
                    int from = Math.min(offset, n);
                    int to = (int) Math.min(n, (long) offset + max);
                    assertThat(ByteBufUtil.getBytes(chunk)).as("readChunk(%d, %d) of %d", offset, max, n)
                            .isEqualTo(Arrays.copyOfRange(data, from, Math.max(from, to)));
                } finally {
                    chunk.release();
                }
            }
        }
        // reading the whole content chunk by chunk, as the RETR relay does
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long pos = 0;
        while (true) {
            ByteBuf chunk = spool.readChunk(pos, 3333).toCompletableFuture().join();
            try {
                if (!chunk.isReadable()) {
                    break;
                }
                pos += chunk.readableBytes();
                all.writeBytes(ByteBufUtil.getBytes(chunk));
            } finally {
                chunk.release();
            }
        }
        assertThat(all.toByteArray()).isEqualTo(data);
    }

    private static void appendInPieces(Spool spool, byte[] data, Random rnd) {
        int pos = 0;
        while (pos < data.length) {
            int n = Math.min(data.length - pos, 1 + rnd.nextInt(777));
            // sometimes a slice of a bigger buffer, so the readable window is not the whole buffer
            ByteBuf b = Unpooled.buffer(n + 10);
            b.writeZero(5).writeBytes(data, pos, n).writeZero(5);
            b.readerIndex(5).writerIndex(5 + n);
            spool.append(b);
            b.release();
            pos += n;
        }
    }

    private void awaitIo() throws InterruptedException {
        io.awaitIdle();
    }

    /** Counts tasks in flight so a test can wait until the spool's I/O chain has run out, without sleeping. */
    private static final class TrackingExecutor implements Executor {
        private final Executor delegate;
        private int inFlight;

        TrackingExecutor(Executor delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable r) {
            synchronized (this) {
                inFlight++;
            }
            delegate.execute(() -> {
                try {
                    r.run(); // schedules the spool's next task, if any, before it returns
                } finally {
                    synchronized (this) {
                        if (--inFlight == 0) {
                            notifyAll();
                        }
                    }
                }
            });
        }

        synchronized void awaitIdle() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("spool I/O still running after 10s").isPositive();
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
