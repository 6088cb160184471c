package dev.mamori.core.scan;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * The scanning hook without engines: reads every message once on the scan executor (proving the spool and
 * un-dot-stuffing path end to end), fingerprints it and finds nothing. Engines replace it in the scanning pipeline.
 */
public final class PassThroughScanService implements ScanService {
    private static final Logger LOG = LogManager.getLogger(PassThroughScanService.class);

    private final ExecutorService executor;

    public PassThroughScanService(ExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public CompletionStage<Verdict> scan(MessageSource message, ScanContext context) {
        try {
            return CompletableFuture.supplyAsync(() -> read(message, context), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new Verdict.ScanError("scanner busy"));
        }
    }

    private static Verdict read(MessageSource message, ScanContext context) {
        long start = System.nanoTime();
        try (InputStream in = message.openStream()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                total += n;
            }
            if (total != message.size()) {
                return new Verdict.ScanError("spool size mismatch: read " + total + " of " + message.size());
            }
            return new Verdict.Clean(new ScanSummary(total, HexFormat.of().formatHex(sha.digest()),
                    Duration.ofNanos(System.nanoTime() - start)));
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            LOG.warn("scan of {} message {} failed: {}", context.protocol(), context.messageId(), e.toString());
            return new Verdict.ScanError("scanner failed: " + e.getClass().getSimpleName());
        }
    }
}
