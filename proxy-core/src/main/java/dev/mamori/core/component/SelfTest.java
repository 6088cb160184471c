package dev.mamori.core.component;

import dev.mamori.core.scan.EngineScanService;
import dev.mamori.core.scan.MessageSource;
import dev.mamori.core.scan.ScanContext;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.clamd.ClamdEngine;
import dev.mamori.core.scan.content.ItemStorage;
import dev.mamori.core.scan.content.MessageWalker;
import dev.mamori.core.scan.content.ScanLimits;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.engine.Detection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scans known samples with a candidate engine set before it replaces the running one: a message carrying the EICAR
 * test file (assembled here at run time) must be detected, a clean message must be clean, and optionally a message
 * with a given URL must be detected. clamd is left out (it does not change with a component, and a clamd that is down
 * must not stop pattern updates).
 */
public final class SelfTest {
    static final String CLEAN_URL = "http://selftest.mamori.invalid/clean";
    private final Path workDir;

    /** {@code workDir}: where the walker may put large items (the samples are small, so normally nothing). */
    public SelfTest(Path workDir) {
        this.workDir = workDir;
    }

    public void run(List<ContentEngine> candidate, boolean expectEicar, String blockedUrl) throws SelfTestException {
        List<ContentEngine> set = candidate.stream().filter(e -> !(e instanceof ClamdEngine)).toList();
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mamori-selftest");
            t.setDaemon(true);
            return t;
        });
        try {
            Files.createDirectories(workDir);
            EngineScanService service = new EngineScanService(
                    new MessageWalker(ScanLimits.defaults(), new ItemStorage(workDir)), () -> set, exec);
            List<Detection> clean = detections(service, cleanMessage());
            if (!clean.isEmpty()) {
                throw new SelfTestException("self-test failed: the clean sample is detected as "
                        + clean.stream().map(Detection::name).distinct().toList());
            }
            if (expectEicar) {
                List<Detection> eicar = detections(service, eicarMessage());
                if (eicar.stream().noneMatch(d -> d.name().contains("Eicar"))) {
                    throw new SelfTestException("self-test failed: the EICAR sample is not detected");
                }
            }
            if (blockedUrl != null) {
                List<Detection> url = detections(service, message("Mamori self-test URL", "Visit " + blockedUrl + " now.\r\n"));
                if (url.isEmpty()) {
                    throw new SelfTestException("self-test failed: the list's entry " + blockedUrl + " is not detected in a message");
                }
            }
        } catch (IOException e) {
            throw new SelfTestException("self-test failed: " + e.getMessage());
        } finally {
            exec.shutdownNow();
        }
    }

    private static List<Detection> detections(EngineScanService service, byte[] message) throws SelfTestException {
        MessageSource src = new MessageSource() {
            @Override
            public InputStream openStream() {
                return new ByteArrayInputStream(message);
            }

            @Override
            public long size() {
                return message.length;
            }
        };
        Verdict v;
        try {
            v = service.scan(src, new ScanContext("selftest", "selftest", null, "selftest", "selftest", "1"))
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SelfTestException("self-test interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new SelfTestException("self-test failed: " + e);
        }
        return switch (v) {
            case Verdict.Scanned s -> s.detections();
            case Verdict.ScanError err -> throw new SelfTestException("self-test failed: " + err.reason());
        };
    }

    static byte[] cleanMessage() {
        return message("Mamori self-test: a clean message",
                "Hello,\r\n\r\nthe minutes of Tuesday's meeting are below. See " + CLEAN_URL + " for the agenda.\r\n\r\n"
                        + "1. Budget\r\n2. Holidays\r\n\r\nRegards,\r\nMamori\r\n");
    }

    static byte[] eicarMessage() {
        return message("Mamori self-test: the EICAR test file", new String(eicar(), StandardCharsets.US_ASCII) + "\r\n");
    }

    private static byte[] message(String subject, String body) {
        return ("From: selftest@mamori.invalid\r\nTo: selftest@mamori.invalid\r\nSubject: " + subject
                + "\r\nMessage-ID: <selftest@mamori.invalid>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + body).getBytes(StandardCharsets.US_ASCII);
    }

    /** The 68-byte EICAR test file, put together at run time so no Mamori file contains it whole. */
    public static byte[] eicar() {
        String s = String.join("", "X5O!P%@AP[4\\PZX5", "4(P^)7CC)7}$EICAR", "-STANDARD-ANTIVIRUS", "-TEST-FILE!$H+H*");
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A self-test did not give the expected verdicts; the message says which sample and what was found. */
    public static final class SelfTestException extends Exception {
        public SelfTestException(String message) {
            super(message);
        }
    }
}
