package dev.mamori.ui.backend;

import dev.mamori.core.admin.Results;

import java.util.List;
import java.util.Objects;

/**
 * The server's answer to an edited configuration: accepted (validated, written, reloaded) with what was applied now
 * and which sections need a restart, or refused with the problems and nothing written.
 */
public record ConfigUpdateResult(boolean accepted, List<Problem> problems, List<String> applied,
                                 List<String> restartRequired) {
    public ConfigUpdateResult {
        problems = List.copyOf(problems);
        applied = List.copyOf(applied);
        restartRequired = List.copyOf(restartRequired);
    }

    /**
     * One thing wrong with the text.
     *
     * @param location the field path ({@code scan.quarantineRetention}) or {@code line N}; empty for the whole file
     * @param allowed  what would be accepted; may be empty
     */
    public record Problem(String location, String problem, String allowed) {
        public Problem {
            location = location == null ? "" : location;
            Objects.requireNonNull(problem, "problem");
            allowed = allowed == null ? "" : allowed;
        }
    }

    /** The server-side result (from {@code config.update} or {@code ConfigView.update} in-process). */
    public static ConfigUpdateResult of(Results.ConfigUpdate r) {
        return new ConfigUpdateResult(r.accepted(),
                r.problems().stream().map(p -> new Problem(p.location(), p.problem(), p.allowed())).toList(),
                r.applied(), r.restartRequired());
    }
}
