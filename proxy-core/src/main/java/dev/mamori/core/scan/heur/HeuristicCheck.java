package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.engine.Detection;

import java.io.IOException;
import java.util.List;

/** One heuristic: stateless, looks at one item and adds what it finds to {@code out} (which earlier checks filled). */
interface HeuristicCheck {
    HeuristicRules.Check key();

    void inspect(ContentItem item, HeuristicRules rules, List<Detection> out) throws IOException;
}
