package dev.mamori.ui.viewmodel;

import com.fasterxml.jackson.databind.JsonNode;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The "Update schedule and source" editor: the {@code updates} section's source, fallback source, schedule and the
 * publisher keys it trusts. Apply writes each changed field in place ({@code updates.<field>}; an emptied optional
 * field is removed); emptying the source removes the whole section, which turns updates off. The server validates
 * URLs, the schedule (at least 1m) and the keys.
 */
public final class UpdatesViewModel {
    private static final List<String> SECTION = List.of("updates");
    private final java.util.function.Function<List<ConfigEdit>, CompletionStage<Void>> sender;
    private final StringProperty source = new SimpleStringProperty(this, "source", "");
    private final StringProperty fallbackSource = new SimpleStringProperty(this, "fallbackSource", "");
    private final StringProperty schedule = new SimpleStringProperty(this, "schedule", "");
    /** One key a line. */
    private final StringProperty trustedKeys = new SimpleStringProperty(this, "trustedKeys", "");
    private String[] loaded = {"", "", "", ""};
    private boolean present;

    public UpdatesViewModel(java.util.function.Function<List<ConfigEdit>, CompletionStage<Void>> sender) {
        this.sender = sender;
    }

    void load(JsonNode root) {
        JsonNode u = root.path("updates");
        present = u.isObject();
        List<String> keys = new ArrayList<>();
        u.path("trustedKeys").forEach(k -> keys.add(k.asText()));
        loaded = new String[]{u.path("source").asText(""), u.path("fallbackSource").asText(""),
                u.path("schedule").asText(""), String.join("\n", keys)};
        revert();
    }

    /** Puts the fields back to the configuration shown. */
    public void revert() {
        source.set(loaded[0]);
        fallbackSource.set(loaded[1]);
        schedule.set(loaded[2]);
        trustedKeys.set(loaded[3]);
    }

    /** Whether the configuration shown has an {@code updates} section (an update source). */
    public boolean configured() {
        return present;
    }

    /**
     * Sends the changed fields; completes (on the UI executor) when the server accepted, exceptionally with its reason
     * otherwise. Nothing changed: completes at once without asking the server.
     */
    public CompletionStage<Void> apply() {
        List<ConfigEdit> edits = edits();
        return edits.isEmpty() ? CompletableFuture.completedFuture(null) : sender.apply(edits);
    }

    List<ConfigEdit> edits() {
        String src = source.get().strip();
        if (src.isEmpty()) {
            return present ? List.of(ConfigEdit.remove(SECTION)) : List.of();
        }
        List<ConfigEdit> edits = new ArrayList<>();
        field(edits, "source", src, loaded[0]);
        field(edits, "fallbackSource", fallbackSource.get().strip(), loaded[1]);
        field(edits, "schedule", schedule.get().strip(), loaded[2]);
        List<String> keys = Arrays.stream(trustedKeys.get().split("\\R")).map(String::strip).filter(k -> !k.isEmpty()).toList();
        if (!String.join("\n", keys).equals(loaded[3])) {
            edits.add(keys.isEmpty() ? ConfigEdit.remove(List.of("updates", "trustedKeys"))
                    : new ConfigEdit(List.of("updates", "trustedKeys"), keys));
        }
        return edits;
    }

    private static void field(List<ConfigEdit> edits, String name, String now, String was) {
        if (!now.equals(was)) {
            List<String> path = List.of("updates", name);
            edits.add(now.isEmpty() ? ConfigEdit.remove(path) : new ConfigEdit(path, now));
        }
    }

    public StringProperty sourceProperty() {
        return source;
    }

    public StringProperty fallbackSourceProperty() {
        return fallbackSource;
    }

    public StringProperty scheduleProperty() {
        return schedule;
    }

    public StringProperty trustedKeysProperty() {
        return trustedKeys;
    }
}
