package dev.mamori.ui.viewmodel;

import java.util.List;
import java.util.Objects;

/**
 * One change a settings editor makes: the value at a key path of the configuration file, written there in block style
 * by {@link dev.mamori.core.config.ConfigText}.
 *
 * @param path  the key path, e.g. {@code [scan, policy, virus]}
 * @param value what Jackson writes as YAML: lists, maps, strings, numbers
 */
public record ConfigEdit(List<String> path, Object value) {
    public ConfigEdit {
        path = List.copyOf(path);
        Objects.requireNonNull(value, "value");
    }
}
