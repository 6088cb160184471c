package dev.mamori.core.scan;

import dev.mamori.core.scan.content.ContentPath;
import dev.mamori.core.scan.content.Finding;
import dev.mamori.core.scan.content.ItemStorage;
import dev.mamori.core.scan.content.MessageWalker;
import dev.mamori.core.scan.content.ScanLimits;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.TestMail;
import dev.mamori.core.scan.heur.HeuristicEngine;
import dev.mamori.core.scan.sig.SignatureContentEngine;
import dev.mamori.core.scan.sig.SignatureEngine;
import dev.mamori.core.spool.Spool;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message scanned while it arrives gets the same verdict as the complete message scanned afterwards: same
 * detections at the same places, same findings, same size and SHA-256, whatever the chunking of the arrival.
 */
@Timeout(120)
class EngineScanServiceArrivingTest {
    @TempDir
    Path temp;

    private final ExecutorService io = Executors.newFixedThreadPool(2);
    private final ExecutorService sender = Executors.newSingleThreadExecutor();
    private final ThreadPoolExecutor scanPool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16));

    @AfterEach
    void stop() throws InterruptedException {
        for (ExecutorService e : List.of(scanPool, sender, io)) {
            e.shutdown();
            assertThat(e.awaitTermination(20, TimeUnit.SECONDS)).as("nothing left running").isTrue();
        }
    }

    private EngineScanService service(ScanLimits limits) throws IOException {
        return service(limits, scanPool);
    }

    private EngineScanService service(ScanLimits limits, ExecutorService pool) throws IOException {
        List<ContentEngine> engines = List.of(new SignatureContentEngine(SignatureEngine.builder().build()),
                new HeuristicEngine());
        Path items = Files.createDirectories(temp.resolve("items"));
        return new EngineScanService(new MessageWalker(limits, new ItemStorage(items, 64 * 1024)), () -> engines, pool);
    }

    /** Two idle scan threads: the whole-message pass runs beside the walk. One thread: the walk feeds it. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 1})
    void sameVerdictAsTheCompleteMessage(int threads) throws Exception {
        ThreadPoolExecutor pool = threads == 2 ? scanPool
                : new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16));
        try {
            sameVerdict(service(ScanLimits.defaults(), pool));
        } finally {
            if (pool != scanPool) {
                pool.shutdown();
                assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private void sameVerdict(EngineScanService scanner) throws Exception {
        byte[] eicar = eicar();
        List<byte[]> corpus = List.of(
                TestMail.withAttachments("data.bin", random(3_000_000, 1), "notes.txt", "figures\r\n".repeat(300).getBytes()),
                TestMail.withAttachments("data.bin", random(2_000_000, 2), "eicar.com", eicar),
                // EICAR at the end of a big item: found by the scan fed while the item was decoded
                TestMail.withAttachments("tail.bin", concat(random(500_000, 3), eicar)),
                // a big item that starts as text and goes on as binary, typed from its head
                TestMail.withAttachments("odd.dat", concat("just text\r\n".repeat(7000).getBytes(), random(300_000, 4), eicar)),
                TestMail.withAttachments("report.zip", zip("big.bin", random(300_000, 5), "eicar.com", eicar)),
                TestMail.text("plain text around " + new String(eicar, StandardCharsets.US_ASCII) + " in the body"),
                TestMail.withAttachments("empty.txt", new byte[0]));
        for (int i = 0; i < corpus.size(); i++) {
            byte[] message = corpus.get(i);
            Verdict.Scanned whole = (Verdict.Scanned) scanner.scan(complete(message), context())
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            for (long seed = 0; seed < 3; seed++) {
                Verdict.Scanned arriving = (Verdict.Scanned) scanArriving(scanner, message, seed, true);
                assertSame(arriving, whole, "message " + i + ", seed " + seed);
            }
        }
    }

    @Test
    void theSummaryNamesTheAttachmentsAndArchiveMembersWhicheverWayTheMessageWasScanned() throws Exception {
        EngineScanService scanner = service(ScanLimits.defaults());
        byte[] message = TestMail.withAttachments("Rechnung März.pdf", "%PDF-1.4 not really".getBytes(StandardCharsets.US_ASCII),
                "report.zip", zip("a.txt", "one".getBytes(), "b.txt", "two".getBytes()),
                "again.pdf", "%PDF-1.4".getBytes(StandardCharsets.US_ASCII));
        Verdict.Scanned whole = (Verdict.Scanned) scanner.scan(complete(message), context())
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(whole.summary().attachmentNames())
                .containsExactly("Rechnung März.pdf", "report.zip", "a.txt", "b.txt", "again.pdf");
        Verdict.Scanned arriving = (Verdict.Scanned) scanArriving(scanner, message, 2, true);
        assertThat(arriving.summary().attachmentNames()).containsExactlyInAnyOrderElementsOf(whole.summary().attachmentNames());
    }

    @Test
    void anArchiveOfThousandsOfNamesKeepsAHandfulAndCountsTheRest() {
        ScanSummary.Names names = new ScanSummary.Names();
        for (int i = 0; i < 1000; i++) {
            names.add("file-" + i + ".txt");
            names.add("file-0.txt");
        }
        names.add(null);
        names.add(" ");
        List<String> list = names.list();
        assertThat(list).hasSize(ScanSummary.MAX_NAMES + 1).startsWith("file-0.txt", "file-1.txt")
                .endsWith("(" + (1000 - ScanSummary.MAX_NAMES) + " more)");
    }

    @Test
    void limitsAreFindingsAsForTheCompleteMessage() throws Exception {
        ScanLimits small = new ScanLimits(1 << 20, 4 << 20, 16, 10_000, 20_000, 200, 1 << 20, Duration.ofSeconds(60), 128 << 20);
        EngineScanService scanner = service(small);
        List<byte[]> corpus = List.of(
                TestMail.withAttachments("a.bin", random(2_000_000, 6)), // the message is larger than an item may be
                TestMail.withAttachments("a.bin", random(600_000, 7), "b.bin", random(600_000, 8))); // total
        for (byte[] message : corpus) {
            Verdict.Scanned whole = (Verdict.Scanned) scanner.scan(complete(message), context())
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            Verdict.Scanned arriving = (Verdict.Scanned) scanArriving(scanner, message, 1, true);
            assertThat(kinds(arriving)).contains(Finding.Kind.LIMIT_EXCEEDED).isEqualTo(kinds(whole));
            assertThat(arriving.summary().sha256()).isEqualTo(whole.summary().sha256());
        }
    }

    @Test
    void aMessageThatStopsArrivingEndsTheScanWithAnError() throws Exception {
        EngineScanService scanner = service(ScanLimits.defaults());
        Spool spool = new Spool(64 * 1024, temp, io);
        SpoolArrival message = new SpoolArrival(spool);
        var verdict = scanner.scanArriving(message, context()).toCompletableFuture();
        byte[] bytes = TestMail.withAttachments("data.bin", random(1_000_000, 9));
        sender.submit(() -> spool.append(Unpooled.wrappedBuffer(bytes, 0, bytes.length / 2))).get(10, TimeUnit.SECONDS);
        awaitActive(2); // the walk, and the whole-message pass beside it
        sender.submit(() -> {
            spool.close();
            message.complete.completeExceptionally(new IOException("upstream gone"));
        }).get(10, TimeUnit.SECONDS);
        assertThat(verdict.get(30, TimeUnit.SECONDS)).isInstanceOf(Verdict.ScanError.class);
        awaitActive(0);
    }

    @Test
    void withEveryScanThreadBusyTheMessageIsScannedAfterItArrived() throws Exception {
        EngineScanService scanner = service(ScanLimits.defaults());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            scanPool.execute(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        byte[] message = TestMail.withAttachments("eicar.com", eicar());
        Spool spool = new Spool(64 * 1024, temp, io);
        SpoolArrival arrival = new SpoolArrival(spool);
        var verdict = scanner.scanArriving(arrival, context()).toCompletableFuture();
        sender.submit(() -> {
            spool.append(Unpooled.wrappedBuffer(message));
            spool.finish().thenRun(() -> arrival.complete.complete(arrival));
        }).get(10, TimeUnit.SECONDS);
        release.countDown();
        Verdict.Scanned scanned = (Verdict.Scanned) verdict.get(30, TimeUnit.SECONDS);
        assertThat(scanned.detections()).extracting(Detection::name).contains("Eicar-Test-Signature");
        spool.close();
    }

    private Verdict scanArriving(EngineScanService scanner, byte[] message, long seed, boolean finish) throws Exception {
        Spool spool = new Spool(256 * 1024, temp, io);
        SpoolArrival arrival = new SpoolArrival(spool);
        var verdict = scanner.scanArriving(arrival, context()).toCompletableFuture();
        Random rnd = new Random(seed);
        sender.submit(() -> {
            int at = 0;
            while (at < message.length) {
                int n = Math.min(message.length - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 500 : 100_000));
                spool.append(Unpooled.wrappedBuffer(message, at, n));
                at += n;
                if (rnd.nextInt(20) == 0) {
                    Thread.yield();
                }
            }
            if (finish) {
                spool.finish().thenRun(() -> arrival.complete.complete(arrival));
            }
        }).get(30, TimeUnit.SECONDS);
        Verdict v = verdict.get(60, TimeUnit.SECONDS);
        spool.close();
        return v;
    }

    private void awaitActive(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (scanPool.getActiveCount() != n) {
            assertThat(System.nanoTime() < deadline).as("active scan threads %d, want %d", scanPool.getActiveCount(), n).isTrue();
            Thread.sleep(5);
        }
    }

    private static void assertSame(Verdict.Scanned arriving, Verdict.Scanned whole, String what) {
        assertThat(detections(arriving)).as(what).isEqualTo(detections(whole));
        assertThat(findings(arriving)).as(what).isEqualTo(findings(whole));
        assertThat(arriving.summary().size()).as(what).isEqualTo(whole.summary().size());
        assertThat(arriving.summary().sha256()).as(what).isEqualTo(whole.summary().sha256());
    }

    private static Set<String> detections(Verdict.Scanned v) {
        return v.detections().stream().map(d -> d.name() + " @ " + d.path().render() + " (" + d.engine() + ")")
                .collect(Collectors.toSet());
    }

    private static Set<String> findings(Verdict.Scanned v) {
        return v.findings().stream().map(f -> f.kind() + " @ " + f.path().render()).collect(Collectors.toSet());
    }

    private static Set<Finding.Kind> kinds(Verdict.Scanned v) {
        return v.findings().stream().map(Finding::kind).collect(Collectors.toSet());
    }

    private static ScanContext context() {
        return new ScanContext("pop3", "test", null, "alice", "upstream", "1");
    }

    private static MessageSource complete(byte[] message) {
        return new MessageSource() {
            @Override
            public InputStream openStream() {
                return new java.io.ByteArrayInputStream(message);
            }

            @Override
            public long size() {
                return message.length;
            }
        };
    }

    /** An arriving message over a spool, as a proxy provides it (no protocol encoding to remove). */
    private static final class SpoolArrival implements ArrivingMessage, MessageSource {
        private final Spool spool;
        final CompletableFuture<MessageSource> complete = new CompletableFuture<>();

        SpoolArrival(Spool spool) {
            this.spool = spool;
        }

        @Override
        public InputStream openArriving() {
            return spool.openGrowingStream();
        }

        @Override
        public MessageSource arrived() {
            return this;
        }

        @Override
        public CompletableFuture<MessageSource> complete() {
            return complete;
        }

        @Override
        public InputStream openStream() throws IOException {
            return spool.openStream();
        }

        @Override
        public long size() {
            return spool.size();
        }
    }

    private static byte[] eicar() {
        return ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!" + "$H+H*").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] zip(Object... nameThenBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < nameThenBytes.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) nameThenBytes[i]));
                z.write((byte[]) nameThenBytes[i + 1]);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
