package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;

/** Builds the engine's detections, so every check names the engine and the path the same way. */
final class Detections {
    private Detections() {
    }

    static Detection of(ThreatCategory category, String name, ContentItem item, String detail) {
        return new Detection(category, name, HeuristicEngine.NAME, item.path(), detail);
    }

    /** {@code "invoice.pdf" } or {@code "this part"}: how a detail refers to the item. */
    static String subject(ContentItem item) {
        return item.declaredName().map(n -> "'" + FileNames.lastSegment(n) + "'").orElse("this part");
    }
}
