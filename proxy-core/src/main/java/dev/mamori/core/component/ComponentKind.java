package dev.mamori.core.component;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The components an update can replace at run time. The scan engine itself ({@link #ENGINE_NAME}) is reported with
 * {@link #ENGINE_VERSION} but is part of the program: it changes with a new release, not with a bundle.
 */
public enum ComponentKind {
    /** ClamAV-format {@code .hdb}, {@code .hsb} and {@code .ndb} files, loaded by the signature engine. */
    VIRUS_PATTERNS("virus-patterns"),
    /** One URL/host blocklist file in the {@code UrlBlocklist} format. */
    URL_BLOCKLIST("url-blocklist"),
    /** One rules file in the {@code HeuristicRulesParser} format. */
    HEURISTIC_RULES("heuristic-rules");

    public static final String ENGINE_NAME = "scan-engine";
    /**
     * The version of the payload formats this program reads. A bundle's {@code minEngineVersion} is compared with it:
     * raise it when a parser learns syntax that older programs would reject.
     */
    public static final ComponentVersion ENGINE_VERSION = ComponentVersion.parse("1.0");

    private final String id;

    ComponentKind(String id) {
        this.id = id;
    }

    /** The name used in bundles, indexes, directories, the CLI and the status list, e.g. {@code virus-patterns}. */
    public String id() {
        return id;
    }

    public static Optional<ComponentKind> of(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    public static ComponentKind require(String id) {
        return of(id).orElseThrow(() -> new IllegalArgumentException("unknown component '" + id + "' (allowed: "
                + String.join(", ", ids()) + ")"));
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ComponentKind::id).toList();
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
