package dev.mamori.ui.viewmodel;

import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.ui.backend.DashboardBackend;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The quarantine: entries newest first, a text search, and release / delete / export of the selected entry. The view
 * asks for confirmation; this model does what was confirmed and reports the outcome in {@link #messageProperty}.
 */
public final class QuarantineViewModel implements AutoCloseable {
    /** What the last action did, for the status line. */
    public record Outcome(boolean ok, String key, String id, String detail) {
    }

    private final DashboardBackend backend;
    private final UiContext ctx;
    private final ObservableList<QuarantineEntry> entries = FXCollections.observableArrayList();
    private final FilteredList<QuarantineEntry> visible = new FilteredList<>(entries);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<QuarantineEntry> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ObjectProperty<Outcome> outcome = new SimpleObjectProperty<>(this, "outcome");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final AutoCloseable events;
    private final javafx.beans.property.BooleanProperty active =
            new javafx.beans.property.SimpleBooleanProperty(this, "active");
    /** An id to select once it is loaded (the detections screen's link). */
    private String wanted;

    public QuarantineViewModel(DashboardBackend backend, UiContext ctx) {
        this.backend = backend;
        this.ctx = ctx;
        search.addListener(o -> {
            String s = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
            visible.setPredicate(e -> s.isEmpty() || text(e).contains(s));
        });
        // reading every entry is not free: only for a screen someone looks at (showing it reads the list)
        Batcher<MamoriEvent.Detection> added = ctx.batcher(64, batch -> {
            if (active.get()) {
                refresh();
            }
        });
        this.events = backend.onEvent(e -> {
            if (e instanceof MamoriEvent.Detection d && d.quarantineId() != null) {
                added.add(d);
            }
        });
    }

    private static String text(QuarantineEntry e) {
        return String.join("\n", e.id(), Objects.toString(e.account(), ""), Objects.toString(e.subject(), ""),
                Objects.toString(e.upstream(), ""), String.join("\n", e.reasons()), e.status().name()).toLowerCase(Locale.ROOT);
    }

    /** Reads the quarantine again. UI thread. */
    public void refresh() {
        backend.quarantine().whenComplete((list, failure) -> ctx.ui().execute(() -> {
            if (failure != null) {
                error.set(Failures.reason(failure));
                return;
            }
            error.set(null);
            String keep = selected.get() == null ? wanted : selected.get().id();
            entries.setAll(list);
            select(keep);
        }));
    }

    /** Selects the entry with this id now or, when it is not loaded yet, after the next read. UI thread. */
    public void select(String id) {
        if (id == null) {
            selected.set(null);
            return;
        }
        QuarantineEntry e = entries.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
        if (e != null && !visible.contains(e)) {
            search.set("");
        }
        selected.set(e);
        wanted = e == null ? id : null;
    }

    public void release(QuarantineEntry entry) {
        run(entry, "release", backend.release(entry.id(), ctx.actor()).thenApply(e -> null));
    }

    public void delete(QuarantineEntry entry) {
        run(entry, "delete", backend.delete(entry.id(), ctx.actor()).thenApply(deleted -> deleted ? null : "missing"));
    }

    public void export(QuarantineEntry entry, Path target) {
        run(entry, "export", backend.export(entry.id(), target, ctx.actor()).thenApply(n -> target.toString()));
    }

    private void run(QuarantineEntry entry, String action, java.util.concurrent.CompletionStage<String> stage) {
        busy.set(true);
        stage.whenComplete((detail, failure) -> ctx.ui().execute(() -> {
            busy.set(false);
            if (failure != null) {
                outcome.set(new Outcome(false, "quarantine." + action + ".failed", entry.id(), Failures.reason(failure)));
            } else if ("missing".equals(detail)) {
                outcome.set(new Outcome(false, "quarantine.missing", entry.id(), null));
            } else {
                outcome.set(new Outcome(true, "quarantine." + action + ".done", entry.id(), detail));
            }
            refresh();
        }));
    }

    /** Whether the screen is showing; while it is hidden, new quarantine entries do not make it read the list. */
    public javafx.beans.property.BooleanProperty activeProperty() {
        return active;
    }

    public ObservableList<QuarantineEntry> visibleEntries() {
        return visible;
    }

    public List<QuarantineEntry> entries() {
        return List.copyOf(entries);
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ObjectProperty<QuarantineEntry> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The result of the last release, delete or export. */
    public ObjectProperty<Outcome> outcomeProperty() {
        return outcome;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    @Override
    public void close() throws Exception {
        events.close();
    }
}
