package dev.mamori.ui.backend;

import java.util.List;
import java.util.Objects;

/**
 * The configuration as the settings screen shows it: sections of the parts a small site changes, and the raw YAML with
 * secrets masked.
 *
 * @param source  where the configuration came from (a file name), or {@code null}
 * @param editable whether the server can apply changes (false until the admin channel's config reload exists)
 */
public record ConfigView(String source, List<Section> sections, String redactedYaml, boolean editable) {
    public ConfigView {
        sections = List.copyOf(sections);
        Objects.requireNonNull(redactedYaml, "redactedYaml");
    }

    /** A titled list of settings. */
    public record Section(String title, List<Entry> entries) {
        public Section {
            Objects.requireNonNull(title, "title");
            entries = List.copyOf(entries);
        }
    }

    /** One setting: a name and its value in words. */
    public record Entry(String name, String value) {
    }
}
