package dev.mamori.ui.viewmodel;

import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.store.MessageSearch;
import dev.mamori.ui.backend.DashboardBackend;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.ArrayList;
import java.util.List;

/**
 * Message tracking: the newest tracked messages from the store, filtered by text, protocol and "threats only". A live
 * detection shows at once (from the event feed) and is replaced by the stored row, with its paths and scan time, on
 * the read that follows shortly after.
 */
public final class DetectionsViewModel implements AutoCloseable {
    public static final int ROWS = 1000;
    /** How long after a live detection the store is read again (the writer commits in batches). */
    static final long REREAD_MILLIS = 1500;

    private final DashboardBackend backend;
    private final UiContext ctx;
    private final ObservableList<MessageItem> rows = FXCollections.observableArrayList();
    private final FilteredList<MessageItem> visible = new FilteredList<>(rows);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    /** {@code null} for every protocol. */
    private final ObjectProperty<String> protocol = new SimpleObjectProperty<>(this, "protocol");
    private final BooleanProperty threatsOnly = new SimpleBooleanProperty(this, "threatsOnly", true);
    private final ObjectProperty<MessageItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final AutoCloseable events;
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active");
    private boolean rereadPending;

    public DetectionsViewModel(DashboardBackend backend, UiContext ctx) {
        this.backend = backend;
        this.ctx = ctx;
        filterText.addListener(o -> updatePredicate());
        protocol.addListener(o -> updatePredicate());
        threatsOnly.addListener(o -> updatePredicate());
        updatePredicate();
        Batcher<MamoriEvent.Detection> live = ctx.batcher(ROWS, this::addLive);
        this.events = backend.onEvent(e -> {
            if (e instanceof MamoriEvent.Detection d) {
                live.add(d);
            }
        });
    }

    private void updatePredicate() {
        String text = filterText.get();
        String p = protocol.get();
        boolean onlyThreats = threatsOnly.get();
        visible.setPredicate(m -> (!onlyThreats || m.hasThreat()) && (p == null || p.equals(m.protocol())) && m.matches(text));
    }

    /** Reads the newest messages from the store. UI thread. */
    public void refresh() {
        loading.set(true);
        backend.searchMessages(MessageSearch.latest(ROWS)).whenComplete((found, failure) -> ctx.ui().execute(() -> {
            loading.set(false);
            if (failure != null) {
                error.set(Failures.reason(failure));
                return;
            }
            error.set(null);
            MessageItem keep = selected.get();
            List<MessageItem> items = new ArrayList<>(found.size());
            found.forEach(m -> items.add(MessageItem.of(m)));
            rows.setAll(items);
            if (keep != null) {
                selected.set(items.stream().filter(i -> same(i, keep)).findFirst().orElse(null));
            }
        }));
    }

    private static boolean same(MessageItem a, MessageItem b) {
        if (a.rowId() >= 0 && a.rowId() == b.rowId()) {
            return true;
        }
        return a.quarantineId() != null && a.quarantineId().equals(b.quarantineId());
    }

    void addLive(List<MamoriEvent.Detection> batch) {
        List<MessageItem> items = new ArrayList<>(batch.size());
        for (int i = batch.size() - 1; i >= 0; i--) {
            items.add(MessageItem.of(batch.get(i)));
        }
        rows.addAll(0, items);
        if (rows.size() > ROWS) {
            rows.remove(ROWS, rows.size());
        }
        if (!active.get()) {
            return; // the store is read when the screen is shown, not for every detection while it is hidden
        }
        if (!rereadPending) {
            rereadPending = true;
            ctx.delayer().after(REREAD_MILLIS, () -> ctx.ui().execute(() -> {
                rereadPending = false;
                refresh();
            }));
        }
    }

    /**
     * Whether the screen is showing. While it is not, live detections are still added, but the store is read again
     * only when it is shown.
     */
    public BooleanProperty activeProperty() {
        return active;
    }

    /** Every loaded row (newest first). */
    public ObservableList<MessageItem> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The rows that pass the filters; the table sorts a view of this. */
    public ObservableList<MessageItem> visibleRows() {
        return visible;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ObjectProperty<String> protocolProperty() {
        return protocol;
    }

    public BooleanProperty threatsOnlyProperty() {
        return threatsOnly;
    }

    public ObjectProperty<MessageItem> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    @Override
    public void close() throws Exception {
        events.close();
    }
}
