package dev.mamori.ui.viewmodel;

import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.ui.backend.DashboardBackend;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.concurrent.CompletionStage;

/** Components: versions, checks and schedule, with Update now and Rollback and the reason of any failure. */
public final class ComponentsViewModel implements AutoCloseable {
    private final DashboardBackend backend;
    private final UiContext ctx;
    private final ObservableList<ComponentItem> items = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final AutoCloseable events;

    public ComponentsViewModel(DashboardBackend backend, UiContext ctx) {
        this.backend = backend;
        this.ctx = ctx;
        Batcher<MamoriEvent.ComponentChanged> changes = ctx.batcher(64, batch -> refresh());
        this.events = backend.onEvent(e -> {
            if (e instanceof MamoriEvent.ComponentChanged c) {
                changes.add(c);
            }
        });
    }

    /** Reads the component list; existing rows keep their progress state. UI thread. */
    public void refresh() {
        backend.components().whenComplete((list, failure) -> ctx.ui().execute(() -> {
            if (failure != null) {
                error.set(Failures.reason(failure));
                return;
            }
            error.set(null);
            java.util.List<ComponentItem> next = new java.util.ArrayList<>();
            for (ComponentStatus s : list) {
                ComponentItem item = items.stream().filter(i -> i.name().equals(s.name())).findFirst().orElse(null);
                if (item == null) {
                    item = new ComponentItem(s);
                } else {
                    item.status(s);
                }
                next.add(item);
            }
            items.setAll(next);
        }));
    }

    public void updateNow(ComponentItem item) {
        run(item, "update", backend.updateComponent(item.name(), ctx.actor()));
    }

    public void rollback(ComponentItem item) {
        run(item, "rollback", backend.rollbackComponent(item.name(), ctx.actor()));
    }

    private void run(ComponentItem item, String action, CompletionStage<ComponentStatus> stage) {
        item.start(action);
        stage.whenComplete((status, failure) -> ctx.ui().execute(() ->
                item.finish(status, failure == null ? null : Failures.reason(failure))));
    }

    public ObservableList<ComponentItem> items() {
        return FXCollections.unmodifiableObservableList(items);
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    @Override
    public void close() throws Exception {
        events.close();
    }
}
