package dev.mamori.core.spool;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reader that follows a spool while it is appended to (a scan running while the message arrives). */
@Timeout(60)
class SpoolGrowingStreamTest {
    /** In memory throughout, on disk from the first byte, and switching to disk part-way. */
    private static final long HEAP = 1L << 30;
    private static final long FILE = 0;
    private static final long SWITCH = 64 * 1024;

    @TempDir
    Path dir;

    private final ExecutorService io = Executors.newFixedThreadPool(2);
    /** Stands for the event loop: the only thread that appends. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private final ExecutorService readers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        readers.shutdownNow();
        writer.shutdown();
        assertThat(writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(readers.awaitTermination(10, TimeUnit.SECONDS)).as("no reader left waiting").isTrue();
        io.shutdown();
        assertThat(io.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {HEAP, FILE, SWITCH})
    void readerWaitsForBytesNeverReadsPastThemAndEndsAtTheSeal(long threshold) throws Exception {
        Spool spool = new Spool(threshold, dir, io);
        byte[] first = random(100, 1);
        byte[] second = random(200_000, 2);
        Collector reader = new Collector(spool.openGrowingStream());
        Future<?> done = readers.submit(reader);

        awaitWaiting(reader);
        assertThat(reader.bytes()).as("nothing appended yet").isEmpty();

        onWriter(() -> spool.append(Unpooled.wrappedBuffer(first)));
        awaitBytes(reader, first.length);
        awaitWaiting(reader);
        assertThat(reader.bytes()).as("exactly what was appended, and no end yet").isEqualTo(first);
        assertThat(done).isNotDone();

        onWriter(() -> spool.append(Unpooled.wrappedBuffer(second)));
        awaitBytes(reader, first.length + second.length);
        awaitWaiting(reader);
        assertThat(done).as("no end before the spool is finished").isNotDone();

        onWriter(spool::finish);
        done.get(20, TimeUnit.SECONDS);
        assertThat(reader.bytes()).isEqualTo(concat(first, second));
        assertThat(spool.growingWaitNanos()).as("the waits are counted").isPositive();
        spool.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {HEAP, FILE, SWITCH})
    void closingTheSpoolEndsAWaitingReaderWithAnError(long threshold) throws Exception {
        Spool spool = new Spool(threshold, dir, io);
        Collector reader = new Collector(spool.openGrowingStream());
        Future<?> done = readers.submit(reader);
        onWriter(() -> spool.append(Unpooled.wrappedBuffer(random(100_000, 3))));
        awaitBytes(reader, 100_000);
        awaitWaiting(reader);

        onWriter(spool::close); // the upstream dropped, the message was too large, or the client left
        assertThatThrownBy(() -> done.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SpoolAbortedException.class);
    }

    @Test
    void aReaderOpenedAfterTheSpoolWasClosedFailsAtOnce() throws Exception {
        Spool spool = new Spool(HEAP, dir, io);
        onWriter(() -> spool.append(Unpooled.wrappedBuffer(random(10, 4))));
        onWriter(spool::close);
        InputStream in = spool.openGrowingStream();
        assertThatThrownBy(() -> in.read(new byte[10])).isInstanceOf(SpoolAbortedException.class);
    }

    @Test
    void anEmptyFinishedSpoolEndsAtOnce() throws Exception {
        Spool spool = new Spool(HEAP, dir, io);
        onWriter(spool::finish);
        try (InputStream in = spool.openGrowingStream()) {
            assertThat(in.read(new byte[10])).isEqualTo(-1);
            assertThat(in.read()).isEqualTo(-1);
        }
        spool.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {HEAP, FILE, SWITCH})
    void concurrentWriterAndReaderWithRandomChunkingSeeTheSameBytes(long threshold) throws Exception {
        for (int round = 0; round < 5; round++) {
            Random rnd = new Random(100 + round);
            byte[] data = random(1_000_000 + rnd.nextInt(2_000_000), 10 + round);
            Spool spool = new Spool(threshold, dir, io);
            Collector reader = new Collector(spool.openGrowingStream(), new Random(rnd.nextLong()));
            Future<?> done = readers.submit(reader);
            Future<?> written = writer.submit(() -> {
                int at = 0;
                while (at < data.length) {
                    int n = Math.min(data.length - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 100 : 70_000));
                    spool.append(Unpooled.wrappedBuffer(data, at, n));
                    at += n;
                    if (rnd.nextInt(50) == 0) {
                        Thread.yield();
                    }
                }
                spool.finish();
            });
            written.get(30, TimeUnit.SECONDS);
            done.get(30, TimeUnit.SECONDS);
            assertThat(reader.bytes()).as("round %d: the reader's bytes are the writer's", round).isEqualTo(data);
            spool.close();
        }
    }

    @Test
    void readingOneByteAtATimeWorksToo() throws Exception {
        Spool spool = new Spool(SWITCH, dir, io);
        byte[] data = random(100_000, 7);
        onWriter(() -> {
            spool.append(Unpooled.wrappedBuffer(data));
            spool.finish();
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = spool.openGrowingStream()) {
            for (int b; (b = in.read()) >= 0; ) {
                out.write(b);
            }
        }
        assertThat(out.toByteArray()).isEqualTo(data);
        spool.close();
    }

    private void onWriter(Runnable r) throws Exception {
        writer.submit(r).get(10, TimeUnit.SECONDS);
    }

    private static void awaitBytes(Collector reader, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (reader.size() < n) {
            assertThat(System.nanoTime() < deadline).as("reader got %d of %d bytes", reader.size(), n).isTrue();
            Thread.sleep(1);
        }
    }

    /** Waits until the reader thread is parked in the spool, waiting for more bytes. */
    private static void awaitWaiting(Collector reader) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Thread t = reader.thread.get();
            if (t != null && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)) {
                return;
            }
            assertThat(System.nanoTime() < deadline).as("reader never waited").isTrue();
            Thread.sleep(1);
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Reads to the end, with random read sizes when given a random source. */
    private static final class Collector implements java.util.concurrent.Callable<Void> {
        private final InputStream in;
        private final Random sizes;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final AtomicReference<Thread> thread = new AtomicReference<>();

        Collector(InputStream in) {
            this(in, null);
        }

        Collector(InputStream in, Random sizes) {
            this.in = in;
            this.sizes = sizes;
        }

        @Override
        public Void call() throws IOException {
            thread.set(Thread.currentThread());
            byte[] buf = new byte[100_000];
            try (in) {
                while (true) {
                    int len = sizes == null ? buf.length : 1 + sizes.nextInt(sizes.nextBoolean() ? 10 : buf.length);
                    int n = in.read(buf, 0, len);
                    if (n < 0) {
                        return null;
                    }
                    assertThat(n).as("a read returns at least one byte").isPositive();
                    synchronized (out) {
                        out.write(buf, 0, n);
                    }
                }
            }
        }

        int size() {
            synchronized (out) {
                return out.size();
            }
        }

        byte[] bytes() {
            synchronized (out) {
                return out.toByteArray();
            }
        }
    }
}
