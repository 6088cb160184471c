package dev.mamori.core.scan.clamd;

import dev.mamori.core.scan.engine.Detection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clamd side of the cross-check: a whole message walked as the pipeline does, every item handed to a
 * {@link ClamdEngine}, the detection names normalized and merged. Counts what it sent, for the selection report.
 */
final class ClamdMessageScanner implements CrossCheck.MessageScanner {
    private final ClamdEngine engine;
    private final Path temp;
    private final AtomicLong itemsSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();

    ClamdMessageScanner(ClamdSettings settings, Path temp) {
        this.engine = new ClamdEngine(settings);
        this.temp = temp;
    }

    @Override
    public Set<String> scan(byte[] message) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        WalkAndScan run = WalkAndScan.run((WalkAndScan.ItemScanner) item -> {
            if (engine.settings().items().sends(item)) {
                itemsSent.incrementAndGet();
                bytesSent.addAndGet(item.size());
            }
            return engine.scan(item);
        }, message, temp);
        for (Detection d : run.detections()) {
            names.add(ClamdCrossCheckCorpus.normalize(d.name()));
        }
        return names;
    }

    long itemsSent() {
        return itemsSent.get();
    }

    long bytesSent() {
        return bytesSent.get();
    }
}
