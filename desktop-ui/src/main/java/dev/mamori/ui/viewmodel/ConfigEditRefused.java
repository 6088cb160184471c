package dev.mamori.ui.viewmodel;

import dev.mamori.ui.backend.ConfigUpdateResult;

import java.util.List;
import java.util.stream.Collectors;

/** The server refused an edited configuration: its problems, each with a field path; nothing was written. */
public final class ConfigEditRefused extends RuntimeException {
    private final List<ConfigUpdateResult.Problem> problems;

    public ConfigEditRefused(List<ConfigUpdateResult.Problem> problems) {
        super(problems.stream().map(SettingsViewModel::describe).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<ConfigUpdateResult.Problem> problems() {
        return problems;
    }
}
