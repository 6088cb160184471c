package dev.mamori.core.component;

import java.nio.file.Path;
import java.util.List;

/**
 * The payload files of the installed components, as the engine set builder takes them. Empty when no update source
 * is configured or nothing is installed yet.
 *
 * @param signatureFiles files of {@code virus-patterns}
 * @param urlBlocklist   the file of {@code url-blocklist}, or null
 * @param heuristicRules the file of {@code heuristic-rules}, or null
 */
public record ComponentPayloads(List<Path> signatureFiles, Path urlBlocklist, Path heuristicRules) {
    public ComponentPayloads {
        signatureFiles = signatureFiles == null ? List.of() : List.copyOf(signatureFiles);
    }

    public static ComponentPayloads none() {
        return new ComponentPayloads(List.of(), null, null);
    }

    public ComponentPayloads with(ComponentKind kind, List<Path> files) {
        return switch (kind) {
            case VIRUS_PATTERNS -> new ComponentPayloads(files, urlBlocklist, heuristicRules);
            case URL_BLOCKLIST -> new ComponentPayloads(signatureFiles, files == null || files.isEmpty() ? null : files.getFirst(), heuristicRules);
            case HEURISTIC_RULES -> new ComponentPayloads(signatureFiles, urlBlocklist, files == null || files.isEmpty() ? null : files.getFirst());
        };
    }
}
