package dev.mamori.ui.viewmodel;

import dev.mamori.core.component.ComponentStatus;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One component row: its status as the server reports it, and the progress or failure of an action on it. */
public final class ComponentItem {
    private final String name;
    private final ReadOnlyObjectWrapper<ComponentStatus> status = new ReadOnlyObjectWrapper<>(this, "status");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure");
    private final ReadOnlyStringWrapper running = new ReadOnlyStringWrapper(this, "running");

    ComponentItem(ComponentStatus status) {
        this.name = status.name();
        this.status.set(status);
    }

    public String name() {
        return name;
    }

    public ReadOnlyObjectProperty<ComponentStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True while an update or rollback runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The reason the last action failed, or null. */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** {@code update} or {@code rollback} while one runs, else null. */
    public ReadOnlyStringProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    void status(ComponentStatus s) {
        status.set(s);
    }

    void start(String action) {
        busy.set(true);
        running.set(action);
        failure.set(null);
    }

    void finish(ComponentStatus s, String reason) {
        busy.set(false);
        running.set(null);
        if (s != null) {
            status.set(s);
        }
        failure.set(reason);
    }
}
