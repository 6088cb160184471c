package dev.mamori.core.scan.clamd;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClamdClientTest {
    private static final int CHUNK = ClamdClient.CHUNK;

    private FakeClamd clamd;

    @BeforeEach
    void start() throws IOException {
        clamd = FakeClamd.tcp();
    }

    @AfterEach
    void stop() throws IOException {
        clamd.close();
    }

    private ClamdClient client() {
        return client(ClamdSettings.defaults());
    }

    private ClamdClient client(ClamdSettings base) {
        return new ClamdClient(base.withAddress(clamd.address()));
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void selectorsAreReusedAndEveryConnectionIsReallyClosed() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(fds), "needs /proc/self/fd");
        ClamdClient c = client();
        assertThat(c.scan(new ByteArrayInputStream(random(100)))).isEmpty();
        assertThat(c.idleSelectors()).isEqualTo(1);
        long before = openFiles(fds);
        for (int i = 0; i < 200; i++) {
            assertThat(c.scan(new ByteArrayInputStream(random(100 + i)))).isEmpty();
        }
        // one selector serves them all, and no socket stays open behind a reused selector
        assertThat(c.idleSelectors()).isEqualTo(1);
        assertThat(openFiles(fds)).isLessThan(before + 20);
        assertThat(clamd.received()).hasSize(201);
    }

    private static long openFiles(Path fds) throws IOException {
        try (var list = java.nio.file.Files.list(fds)) {
            return list.count();
        }
    }

    @Test
    void cleanStreamIsFramedInChunksWithATerminator() throws IOException {
        byte[] content = random(3 * CHUNK + 5);

        assertThat(client().scan(new ByteArrayInputStream(content))).isEmpty();

        FakeClamd.Received r = clamd.received().getFirst();
        assertThat(r.command()).isEqualTo("zINSTREAM");
        assertThat(r.chunkLengths()).containsExactly(CHUNK, CHUNK, CHUNK, 5);
        assertThat(r.terminated()).isTrue();
        assertThat(r.data()).isEqualTo(content);
    }

    @Test
    void streamOfExactlyOneChunkAndEmptyStreamAreTerminated() throws IOException {
        byte[] content = random(CHUNK);
        client().scan(new ByteArrayInputStream(content));
        client().scan(InputStream.nullInputStream());

        List<FakeClamd.Received> r = clamd.received();
        assertThat(r.get(0).chunkLengths()).containsExactly(CHUNK);
        assertThat(r.get(0).data()).isEqualTo(content);
        assertThat(r.get(0).terminated()).isTrue();
        assertThat(r.get(1).chunkLengths()).isEmpty();
        assertThat(r.get(1).terminated()).isTrue();
    }

    @Test
    void streamReadInDribblesIsStillChunkedFully() throws IOException {
        byte[] content = random(CHUNK + 100);
        // a stream that returns at most 7 bytes per read, like a slow decoder
        InputStream dribble = new ByteArrayInputStream(content) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        client().scan(dribble);

        assertThat(clamd.received().getFirst().chunkLengths()).containsExactly(CHUNK, 100);
        assertThat(clamd.received().getFirst().data()).isEqualTo(content);
    }

    @Test
    void foundReplyGivesClamdsName() throws IOException {
        clamd.verdict = data -> List.of("stream: Eicar-Test-Signature.UNOFFICIAL FOUND");

        assertThat(client().scan(new ByteArrayInputStream(new byte[10])))
                .containsExactly("Eicar-Test-Signature.UNOFFICIAL");
    }

    @Test
    void allMatchRepliesGiveEveryNameOnce() throws IOException {
        clamd.verdict = data -> List.of("stream: A.One FOUND", "stream: B.Two FOUND", "stream: A.One FOUND");

        assertThat(client().scan(new ByteArrayInputStream(new byte[10]))).containsExactly("A.One", "B.Two");
    }

    @Test
    void errorReplyIsAClamdException() {
        clamd.verdict = data -> List.of("Can't allocate memory ERROR");

        assertThatThrownBy(() -> client().scan(new ByteArrayInputStream(new byte[10])))
                .isExactlyInstanceOf(ClamdException.class)
                .hasMessageContaining("failed: Can't allocate memory");
    }

    @Test
    void unexpectedReplyIsAClamdExceptionWithCleanedText() {
        clamd.verdict = data -> List.of("HTTP/1.1 400 Bad\r\nRequest");

        assertThatThrownBy(() -> client().scan(new ByteArrayInputStream(new byte[10])))
                .isInstanceOf(ClamdException.class)
                .hasMessageContaining("unexpected reply 'HTTP/1.1 400 Bad??Request'");
    }

    @Test
    void sizeLimitReplyIsTooLargeNotAPass() {
        clamd.streamMaxLength = 1000;

        assertThatThrownBy(() -> client().scan(new ByteArrayInputStream(new byte[5000])))
                .isInstanceOf(ClamdStreamTooLargeException.class)
                .hasMessageContaining("too large for clamd")
                .hasMessageContaining("INSTREAM size limit exceeded");
    }

    @Test
    void sizeLimitWhileStillSendingIsTooLargeOrSaysWhyTheConnectionClosed() {
        // clamd replies and closes while megabytes are still on their way: the write fails, the client reads the
        // reply it left behind (or, when the reset lost it, names StreamMaxLength as the likely cause)
        clamd.streamMaxLength = CHUNK;

        assertThatThrownBy(() -> client().scan(new ByteArrayInputStream(new byte[32 * 1024 * 1024])))
                .isInstanceOf(ClamdException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("too large for clamd", "StreamMaxLength"));
    }

    @Test
    void configuredMaxStreamSizeStopsBeforeTheTerminator() {
        ClamdClient client = client(ClamdSettings.defaults().withMaxStreamSize(CHUNK + 10));

        assertThatThrownBy(() -> client.scan(new ByteArrayInputStream(new byte[2 * CHUNK])))
                .isInstanceOf(ClamdStreamTooLargeException.class)
                .hasMessageContaining("more than " + (CHUNK + 10) + " bytes")
                .satisfies(e -> assertThat(((ClamdStreamTooLargeException) e).limit()).isEqualTo(CHUNK + 10));
        // the stream was abandoned unterminated: clamd never gives a verdict on a truncated item
        assertThat(waitForReceived()).allMatch(r -> !r.terminated());
    }

    @Test
    void streamOfExactlyMaxStreamSizeIsSent() throws IOException {
        ClamdClient client = client(ClamdSettings.defaults().withMaxStreamSize(CHUNK));

        assertThat(client.scan(new ByteArrayInputStream(new byte[CHUNK]))).isEmpty();
    }

    @Test
    void slowReplyTimesOut() {
        clamd.replyDelay = Duration.ofSeconds(5);
        ClamdClient client = client(ClamdSettings.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.scan(new ByteArrayInputStream(new byte[10])))
                .isInstanceOf(ClamdException.class)
                .hasMessageContaining("timed out waiting for the reply");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void clamdThatStopsReadingTimesOutWhileSending() {
        clamd.silent = true;
        ClamdClient client = client(ClamdSettings.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300))
                .withMaxStreamSize(Long.MAX_VALUE));

        // more than the loopback socket buffers hold, so the writes stall
        assertThatThrownBy(() -> client.scan(new ByteArrayInputStream(new byte[64 * 1024 * 1024])))
                .isInstanceOf(ClamdException.class)
                .hasMessageContaining("timed out sending the stream");
    }

    @Test
    void connectionRefusedIsAClamdException() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort();
        }
        ClamdClient client = new ClamdClient(ClamdSettings.defaults()
                .withAddress(ClamdAddress.parse("tcp:127.0.0.1:" + port)));

        assertThatThrownBy(() -> client.scan(new ByteArrayInputStream(new byte[10])))
                .isInstanceOf(ClamdException.class)
                .hasMessageContaining("cannot connect to clamd at tcp:127.0.0.1:" + port);
        assertThatThrownBy(client::ping).isInstanceOf(ClamdException.class);
    }

    @Test
    void missingUnixSocketIsAClamdException(@TempDir Path dir) {
        ClamdClient client = new ClamdClient(ClamdSettings.defaults()
                .withAddress(ClamdAddress.parse("unix:" + dir.resolve("none.sock"))));

        assertThatThrownBy(client::ping)
                .isInstanceOf(ClamdException.class)
                .hasMessageContaining("cannot connect to clamd at unix:");
    }

    @Test
    void pingAndVersion() throws IOException {
        client().ping();
        assertThat(client().version()).isEqualTo("ClamAV 1.4.6/0/fake");
        assertThat(clamd.received()).isEmpty(); // neither is a stream
    }

    @Test
    void worksOverAUnixSocket(@TempDir Path dir) throws IOException {
        try (FakeClamd unix = FakeClamd.unix(dir)) {
            unix.verdict = data -> List.of(new String(data, StandardCharsets.US_ASCII).contains("bad")
                    ? "stream: Unix.Test FOUND" : "stream: OK");
            ClamdClient client = new ClamdClient(ClamdSettings.defaults().withAddress(unix.address()));

            client.ping();
            assertThat(client.scan(new ByteArrayInputStream("all good".getBytes(StandardCharsets.US_ASCII))))
                    .isEmpty();
            assertThat(client.scan(new ByteArrayInputStream("a bad one".getBytes(StandardCharsets.US_ASCII))))
                    .containsExactly("Unix.Test");
        }
    }

    @Test
    void scansInFlightAreBoundedByMaxConnections() throws Exception {
        clamd.replyDelay = Duration.ofMillis(150);
        ClamdClient client = client(ClamdSettings.defaults().withMaxConnections(2));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(pool.submit(() -> client.scan(new ByteArrayInputStream(new byte[100]))));
            }
            for (Future<List<String>> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(clamd.connectionsAccepted()).isEqualTo(6);
        assertThat(clamd.maxOpenConnections()).isEqualTo(2);
    }

    @Test
    void scanWaitingTooLongForAConnectionIsClamdBusy() throws Exception {
        ClamdClient client = client(ClamdSettings.defaults().withMaxConnections(1)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200)));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the first scan holds the only slot while its content is still being produced
        InputStream slowContent = new InputStream() {
            @Override
            public int read() throws IOException {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        };
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                client.scan(slowContent);
            } catch (IOException ignored) {
                // its outcome is not under test
            }
        });
        try {
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> client.scan(new ByteArrayInputStream(new byte[10])))
                    .isInstanceOf(ClamdException.class)
                    .hasMessageContaining("clamd busy: all 1 connections");
        } finally {
            release.countDown();
            first.join(5000);
        }
    }

    private List<FakeClamd.Received> waitForReceived() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (clamd.received().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return Collections.unmodifiableList(clamd.received());
    }
}
