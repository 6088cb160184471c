package dev.mamori.core.component;

import dev.mamori.core.scan.EngineScanService;
import dev.mamori.core.scan.MessageSource;
import dev.mamori.core.scan.ScanContext;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.content.ItemStorage;
import dev.mamori.core.scan.content.MessageWalker;
import dev.mamori.core.scan.content.ScanLimits;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.engine.Detection;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Scans test messages through the real scan service with a given engine set. */
public final class Scans {
    private Scans() {
    }

    public static byte[] message(String body) {
        return ("From: a@example.org\r\nTo: b@example.org\r\nSubject: test\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    public static EngineScanService service(Path tmp, Supplier<List<ContentEngine>> engines, ExecutorService exec) {
        return new EngineScanService(new MessageWalker(ScanLimits.defaults(), new ItemStorage(tmp)), engines, exec);
    }

    public static Verdict scan(EngineScanService service, byte[] message) throws Exception {
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
        return service.scan(src, new ScanContext("test", "test", null, "t", "t", "1")).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    public static List<String> names(Verdict v) {
        if (v instanceof Verdict.Scanned s) {
            return s.detections().stream().map(Detection::name).distinct().toList();
        }
        throw new AssertionError("scan failed: " + v);
    }
}
