package dev.mamori.ui.viewmodel;

import dev.mamori.ui.backend.ConfigView;
import dev.mamori.ui.backend.DashboardBackend;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** Settings: read-only until the admin channel can validate and apply a configuration. */
public final class SettingsViewModel {
    private final DashboardBackend backend;
    private final UiContext ctx;
    private final ReadOnlyObjectWrapper<ConfigView> config = new ReadOnlyObjectWrapper<>(this, "config");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");

    public SettingsViewModel(DashboardBackend backend, UiContext ctx) {
        this.backend = backend;
        this.ctx = ctx;
    }

    public void refresh() {
        backend.configuration().whenComplete((view, failure) -> ctx.ui().execute(() -> {
            error.set(failure == null ? null : Failures.reason(failure));
            if (view != null) {
                config.set(view);
            }
        }));
    }

    public ReadOnlyObjectProperty<ConfigView> configProperty() {
        return config.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
