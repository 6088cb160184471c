package dev.mamori.core.scan;

import dev.mamori.core.scan.content.ChunkConsumer;
import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.content.ContentPath;
import dev.mamori.core.scan.content.FileType;
import dev.mamori.core.scan.content.Finding;
import dev.mamori.core.scan.content.ItemStreams;
import dev.mamori.core.scan.content.MessageWalker;
import dev.mamori.core.scan.content.WalkResult;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ItemNotScannable;
import dev.mamori.core.scan.engine.MessageStreamEngine;
import dev.mamori.core.spool.SpoolAbortedException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The scanning pipeline: the message is taken apart by the {@link MessageWalker} (MIME parts, archive members) and
 * every item goes through every engine, on the bounded scan executor. Engines are read through a supplier each scan,
 * so an update can swap them while scans in flight finish on the set they started with.
 */
public final class EngineScanService implements ScanService {
    private static final Logger LOG = LogManager.getLogger(EngineScanService.class);

    private final MessageWalker walker;
    private final Supplier<List<ContentEngine>> engines;
    private final ExecutorService executor;
    private final LongConsumer scanDuration;

    public EngineScanService(MessageWalker walker, Supplier<List<ContentEngine>> engines, ExecutorService executor) {
        this(walker, engines, executor, nanos -> { });
    }

    /** With {@code scanDuration}, every scan's duration in nanoseconds, failed ones included (the latency histogram). */
    public EngineScanService(MessageWalker walker, Supplier<List<ContentEngine>> engines, ExecutorService executor,
                             LongConsumer scanDuration) {
        this.walker = walker;
        this.engines = engines;
        this.executor = executor;
        this.scanDuration = scanDuration;
    }

    /**
     * Starts scanning at once when a scan thread is idle: the walk reads the message as it arrives, engines that can
     * ({@link MessageStreamEngine}) and the SHA-256 take the whole message as it comes, and the verdict follows the
     * last byte by the time the rest needs. Such a scan holds its thread while it waits for bytes, so when every
     * thread is busy the message is scanned after it arrived instead, as {@link #scan} does.
     */
    @Override
    public CompletionStage<Verdict> scanArriving(ArrivingMessage message, ScanContext context) {
        if (!(executor instanceof ThreadPoolExecutor pool)
                || pool.getActiveCount() >= pool.getMaximumPoolSize() || !pool.getQueue().isEmpty()) {
            return ScanService.super.scanArriving(message, context);
        }
        try {
            return CompletableFuture.supplyAsync(() -> timedArriving(message, context), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new Verdict.ScanError("scanner busy"));
        }
    }

    private Verdict timedArriving(ArrivingMessage message, ScanContext context) {
        long start = System.nanoTime();
        WaitClock waited = new WaitClock();
        try {
            return runArriving(message, context, waited);
        } finally {
            scanDuration.accept(System.nanoTime() - start - waited.nanos);
        }
    }

    private Verdict runArriving(ArrivingMessage message, ScanContext context, WaitClock waited) {
        long start = System.nanoTime();
        List<ContentEngine> set = engines.get();
        List<Detection> detections = new ArrayList<>();
        List<Finding> engineFindings = new ArrayList<>();
        ItemScans itemScans = new ItemScans(set);
        MessagePass pass = new MessagePass(set);
        ScanSummary.Names names = new ScanSummary.Names();
        try (InputStream in = waited.timing(message.openArriving())) {
            pass.start(message);
            WalkResult walk = walker.walkArriving(message, pass.inline(in), () -> waited.nanos, pass::inlineBytes,
                    itemScans, item -> {
                        item.declaredName().ifPresent(names::add);
                        if (item.depth() == 0) {
                            detections.addAll(pass.finish(item.path()));
                            scanItem(set, item, true, detections, engineFindings);
                        } else {
                            itemScans.scan(item, detections, engineFindings);
                        }
                    });
            String sha256 = pass.sha256();
            MessageSource arrived = message.arrived();
            Duration took = Duration.ofNanos(Math.max(0, System.nanoTime() - start - waited.nanos));
            ScanSummary summary = new ScanSummary(arrived.size(), sha256, took, names.list());
            List<Finding> findings = new ArrayList<>(walk.findings());
            findings.addAll(engineFindings);
            return new Verdict.Scanned(summary, withoutEchoes(detections), findings);
        } catch (SpoolAbortedException e) {
            LOG.debug("scan of {} message {} of {} stopped: {}", context.protocol(), context.messageId(), context.account(),
                    e.getMessage());
            return new Verdict.ScanError("message did not arrive");
        } catch (IOException | RuntimeException e) {
            LOG.warn("scan of {} message {} of {} failed: {}", context.protocol(), context.messageId(), context.account(), e.toString());
            return new Verdict.ScanError("scanner failed: " + e.getClass().getSimpleName());
        } finally {
            pass.stop();
        }
    }

    /** Time spent inside reads of the arriving message: waiting for bytes, not scanning. Used by the scan thread. */
    private static final class WaitClock {
        private long nanos;

        InputStream timing(InputStream in) {
            return new java.io.FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    long t = System.nanoTime();
                    try {
                        return super.read();
                    } finally {
                        nanos += System.nanoTime() - t;
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    long t = System.nanoTime();
                    try {
                        return super.read(b, off, len);
                    } finally {
                        nanos += System.nanoTime() - t;
                    }
                }
            };
        }
    }

    /**
     * The whole-message pass: the SHA-256 and the engines that take the message as it arrives. When another scan
     * thread is idle it reads the message on that thread, in parallel with the walk (a second reader of the same
     * spool); otherwise the walk feeds it the bytes it reads. The executor's bound is kept either way: the second
     * task is only submitted to an idle thread, and a refusal falls back to feeding it inline.
     */
    private final class MessagePass {
        private final MessageDigest sha = newSha256();
        private final List<MessageStreamEngine.MessageScan> streams = new ArrayList<>();
        private CompletableFuture<Void> parallel;
        private volatile InputStream parallelIn;
        /** Taken by whichever runs the parallel pass: its task, or the walk when the task never got a thread. */
        private final java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();
        private ArrivingMessage message;
        private boolean complete;

        MessagePass(List<ContentEngine> set) {
            for (ContentEngine engine : set) {
                if (engine instanceof MessageStreamEngine s) {
                    streams.add(s.startMessage());
                }
            }
        }

        void start(ArrivingMessage message) {
            this.message = message;
            if (!(executor instanceof ThreadPoolExecutor pool) || pool.getActiveCount() >= pool.getMaximumPoolSize()
                    || !pool.getQueue().isEmpty()) {
                return;
            }
            try {
                parallel = CompletableFuture.runAsync(() -> {
                    if (!claimed.compareAndSet(false, true)) {
                        return;
                    }
                    try (InputStream in = message.openArriving()) {
                        parallelIn = in;
                        byte[] buf = new byte[64 * 1024];
                        for (int n; (n = in.read(buf)) >= 0; ) {
                            feed(buf, 0, n);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, executor);
            } catch (RejectedExecutionException e) {
                parallel = null;
            }
        }

        InputStream inline(InputStream walkStream) {
            return parallel == null ? new DigestInputStream(walkStream, sha) : walkStream;
        }

        void inlineBytes(byte[] b, int off, int n) throws IOException {
            if (parallel == null) {
                for (MessageStreamEngine.MessageScan stream : streams) {
                    stream.accept(b, off, n);
                }
            }
        }

        private void feed(byte[] b, int off, int n) throws IOException {
            sha.update(b, off, n);
            for (MessageStreamEngine.MessageScan stream : streams) {
                stream.accept(b, off, n);
            }
        }

        /** The message item's detections, once the pass has read the whole message. */
        List<Detection> finish(ContentPath root) throws IOException {
            awaitParallel();
            List<Detection> out = new ArrayList<>();
            for (MessageStreamEngine.MessageScan stream : streams) {
                out.addAll(stream.finish(root));
            }
            return out;
        }

        String sha256() throws IOException {
            awaitParallel();
            return HexFormat.of().formatHex(sha.digest());
        }

        private void awaitParallel() throws IOException {
            if (parallel == null || complete) {
                return;
            }
            complete = true;
            if (claimed.compareAndSet(false, true)) {
                // the task is still queued (every thread became busy meanwhile): waiting for it could deadlock
                try (InputStream in = message.arrived().openStream()) {
                    byte[] buf = new byte[64 * 1024];
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        feed(buf, 0, n);
                    }
                }
                return;
            }
            try {
                parallel.join();
            } catch (java.util.concurrent.CompletionException e) {
                Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw e;
            }
        }

        /** Ends a parallel reader still waiting (the walk failed or stopped): it must not hold its thread. */
        void stop() {
            claimed.compareAndSet(false, true); // a task still queued then does nothing
            InputStream in = parallelIn;
            if (in != null && parallel != null && !parallel.isDone()) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // it only wakes the reader
                }
            }
        }
    }

    /** Every engine on {@code item}; with {@code streamed}, not those that already took it as it arrived. */
    private static void scanItem(List<ContentEngine> set, ContentItem item, boolean streamed,
                                 List<Detection> detections, List<Finding> engineFindings)
            throws IOException {
        for (ContentEngine engine : set) {
            if (streamed && engine instanceof MessageStreamEngine) {
                continue;
            }
            try {
                detections.addAll(engine.scan(item));
            } catch (IOException e) {
                if (!(e instanceof ItemNotScannable n)) {
                    throw e;
                }
                engineFindings.add(new Finding(
                        Finding.Kind.LIMIT_EXCEEDED, item.path(), engine.name() + ": " + n.reason()));
            }
        }
    }

    /**
     * The items the walk streams as they are decoded: engines that can scan them that way do, and when an item is
     * complete their results stand if its final type agrees; every other engine scans the complete item.
     */
    private static final class ItemScans implements ItemStreams {
        private final List<ContentEngine> set;
        private final Map<ContentPath, Streamed> started = new IdentityHashMap<>();

        ItemScans(List<ContentEngine> set) {
            this.set = set;
        }

        private record Streamed(FileType typeFromHead, Map<ContentEngine, MessageStreamEngine.MessageScan> scans) {
        }

        @Override
        public ChunkConsumer start(ContentPath path, FileType typeFromHead) {
            Map<ContentEngine, MessageStreamEngine.MessageScan> scans = new IdentityHashMap<>();
            for (ContentEngine engine : set) {
                if (engine instanceof MessageStreamEngine s) {
                    MessageStreamEngine.MessageScan scan = s.startItem(typeFromHead);
                    if (scan != null) {
                        scans.put(engine, scan);
                    }
                }
            }
            if (scans.isEmpty()) {
                return null;
            }
            started.put(path, new Streamed(typeFromHead, scans));
            return (b, off, n) -> {
                for (MessageStreamEngine.MessageScan scan : scans.values()) {
                    scan.accept(b, off, n);
                }
            };
        }

        void scan(ContentItem item, List<Detection> detections, List<Finding> engineFindings) throws IOException {
            Streamed streamed = started.remove(item.path());
            for (ContentEngine engine : set) {
                MessageStreamEngine.MessageScan scan = streamed == null ? null : streamed.scans().get(engine);
                if (scan != null && ((MessageStreamEngine) engine).streamedScanHolds(streamed.typeFromHead(), item)) {
                    detections.addAll(scan.finish(item.path()));
                } else {
                    scanItem(List.of(engine), item, false, detections, engineFindings);
                }
            }
        }
    }

    @Override
    public CompletionStage<Verdict> scan(MessageSource message, ScanContext context) {
        try {
            return CompletableFuture.supplyAsync(() -> timed(message, context), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new Verdict.ScanError("scanner busy"));
        }
    }

    private Verdict timed(MessageSource message, ScanContext context) {
        long start = System.nanoTime();
        try {
            return run(message, context);
        } finally {
            scanDuration.accept(System.nanoTime() - start);
        }
    }

    private Verdict run(MessageSource message, ScanContext context) {
        long start = System.nanoTime();
        List<ContentEngine> set = engines.get();
        List<Detection> detections = new ArrayList<>();
        try {
            String sha256 = sha256(message);
            List<Finding> engineFindings = new ArrayList<>();
            ScanSummary.Names names = new ScanSummary.Names();
            WalkResult walk = walker.walk(message, item -> {
                item.declaredName().ifPresent(names::add);
                scanItem(set, item, false, detections, engineFindings);
            });
            ScanSummary summary = new ScanSummary(message.size(), sha256, Duration.ofNanos(System.nanoTime() - start),
                    names.list());
            List<Finding> findings = new ArrayList<>(walk.findings());
            findings.addAll(engineFindings);
            return new Verdict.Scanned(summary, withoutEchoes(detections), findings);
        } catch (IOException | RuntimeException e) {
            LOG.warn("scan of {} message {} of {} failed: {}", context.protocol(), context.messageId(), context.account(), e.toString());
            return new Verdict.ScanError("scanner failed: " + e.getClass().getSimpleName());
        }
    }

    /**
     * A threat in a plain-text part is seen twice: in the whole message and in the part. The deeper report says
     * where it is; the whole-message one is dropped when a deeper item has the same name.
     */
    static List<Detection> withoutEchoes(List<Detection> detections) {
        List<Detection> out = new ArrayList<>();
        for (Detection d : detections) {
            boolean echo = d.path().depth() == 0 && detections.stream()
                    .anyMatch(o -> o.path().depth() > 0 && o.name().equals(d.name()));
            if (!echo) {
                out.add(d);
            }
        }
        return out;
    }

    private static String sha256(MessageSource message) throws IOException {
        try (InputStream in = message.openStream()) {
            MessageDigest md = newSha256();
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
