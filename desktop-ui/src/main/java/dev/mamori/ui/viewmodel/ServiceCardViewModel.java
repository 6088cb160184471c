package dev.mamori.ui.viewmodel;

import dev.mamori.core.runtime.ServiceControl.Service;
import dev.mamori.ui.backend.DashboardBackend;
import dev.mamori.ui.backend.ServerInfo;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.List;

/** One protocol's card on the overview: its on/off switch, listeners and open sessions. */
public final class ServiceCardViewModel {
    private final Service service;
    private final DashboardBackend backend;
    private final UiContext ctx;
    private final List<ServerInfo.ListenerInfo> listeners;
    private final ReadOnlyBooleanWrapper enabled = new ReadOnlyBooleanWrapper(this, "enabled");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyLongWrapper activeSessions = new ReadOnlyLongWrapper(this, "activeSessions");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");

    ServiceCardViewModel(Service service, DashboardBackend backend, UiContext ctx) {
        this.service = service;
        this.backend = backend;
        this.ctx = ctx;
        this.listeners = backend.serverInfo().listeners().stream()
                .filter(l -> l.protocol().equals(service.word())).toList();
        enabled.set(backend.serviceEnabled(service));
    }

    public Service service() {
        return service;
    }

    public List<ServerInfo.ListenerInfo> listeners() {
        return listeners;
    }

    public ReadOnlyBooleanProperty enabledProperty() {
        return enabled.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty activeSessionsProperty() {
        return activeSessions.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Asks the server to switch the protocol; the switch shows the server's answer, not the wish. UI thread. */
    public void setEnabled(boolean on) {
        if (busy.get() || on == enabled.get()) {
            return;
        }
        busy.set(true);
        error.set(null);
        backend.setServiceEnabled(service, on, ctx.actor()).whenComplete((changed, failure) -> ctx.ui().execute(() -> {
            busy.set(false);
            if (failure != null) {
                error.set(Failures.reason(failure));
            }
            enabled.set(backend.serviceEnabled(service));
        }));
    }

    /** The server reported a change (maybe by another administrator). UI thread. */
    void refresh() {
        enabled.set(backend.serviceEnabled(service));
    }

    void sessions(long n) {
        activeSessions.set(n);
    }
}
