package dev.mamori.ui.viewmodel;

import java.util.List;

/**
 * One change a settings editor makes: the value at a key path of the configuration file, written there in block style
 * by {@link dev.mamori.core.config.ConfigText}.
 *
 * @param path  the key path, e.g. {@code [scan, policy, virus]}
 * @param value what Jackson writes as YAML: lists, maps, strings, numbers; {@code null} removes the key
 */
public record ConfigEdit(List<String> path, Object value) {
    public ConfigEdit {
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the key path is empty");
        }
    }

    /** Removes the key at {@code path} (and its value) from the file. */
    public static ConfigEdit remove(List<String> path) {
        return new ConfigEdit(path, null);
    }
}
