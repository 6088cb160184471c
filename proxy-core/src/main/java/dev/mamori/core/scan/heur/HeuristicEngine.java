package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.engine.Detection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The heuristics engine: executable content by type, blocked extensions, double extensions, extension/type
 * mismatches, Office macros and deceptive links, each switched on and tuned by {@link HeuristicRules}. Checks run in
 * that order on every item and each sees what the earlier ones found (a name already refused by content is not
 * refused again by extension). Immutable and thread-safe; new rules mean a new engine.
 */
public final class HeuristicEngine implements ContentEngine {
    public static final String NAME = "heuristics";

    private static final List<HeuristicCheck> CHECKS = List.of(new ExecutableContentCheck(),
            new BlockedExtensionCheck(), new DoubleExtensionCheck(), new ExtensionMismatchCheck(),
            new OfficeMacroCheck(), new DeceptiveLinkCheck());

    private final HeuristicRules rules;

    public HeuristicEngine(HeuristicRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public HeuristicEngine() {
        this(HeuristicRules.defaults());
    }

    public HeuristicRules rules() {
        return rules;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Detection> scan(ContentItem item) throws IOException {
        List<Detection> out = new ArrayList<>(2);
        for (HeuristicCheck check : CHECKS) {
            if (rules.enabled(check.key())) {
                check.inspect(item, rules, out);
            }
        }
        return out.isEmpty() ? List.of() : List.copyOf(out);
    }
}
