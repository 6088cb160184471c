package dev.mamori.core.scan.clamd;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.content.ItemStorage;
import dev.mamori.core.scan.content.MessageWalker;
import dev.mamori.core.scan.content.ScanLimits;
import dev.mamori.core.scan.content.WalkResult;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.engine.Detection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Walks a message as the scan pipeline does and hands every item to an engine: what the engine reports, item by item. */
record WalkAndScan(List<String> paths, List<Detection> detections, WalkResult walk) {
    /** Scans one item; an engine's {@code scan}, or a wrapper that also counts. */
    @FunctionalInterface
    interface ItemScanner {
        List<Detection> scan(ContentItem item) throws IOException;
    }

    static WalkAndScan run(ContentEngine engine, byte[] message, Path temp) throws IOException {
        return run((ItemScanner) engine::scan, message, temp);
    }

    static WalkAndScan run(ItemScanner engine, byte[] message, Path temp) throws IOException {
        List<String> paths = new ArrayList<>();
        List<Detection> detections = new ArrayList<>();
        WalkResult walk = new MessageWalker(ScanLimits.defaults(), new ItemStorage(temp))
                .walk(new ByteArrayInputStream(message), (ContentItem item) -> {
                    paths.add(item.path().render());
                    detections.addAll(engine.scan(item));
                });
        return new WalkAndScan(paths, detections, walk);
    }

    /** The distinct detection names, in the order found. */
    List<String> names() {
        return detections.stream().map(Detection::name).distinct().toList();
    }
}
