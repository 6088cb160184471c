package dev.mamori.ui.viewmodel;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The connect screen of remote mode. Until the admin channel client is wired in, connecting is not possible and the
 * screen says why instead of pretending.
 */
public final class ConnectViewModel {
    private final StringProperty address = new SimpleStringProperty(this, "address", "");
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available");
    private final ReadOnlyStringWrapper reason = new ReadOnlyStringWrapper(this, "reason");

    /** A connect screen that cannot connect, for {@code reason}. */
    public static ConnectViewModel unavailable(String address, String reason) {
        ConnectViewModel vm = new ConnectViewModel();
        vm.address.set(address == null ? "" : address);
        vm.available.set(false);
        vm.reason.set(reason);
        return vm;
    }

    public StringProperty addressProperty() {
        return address;
    }

    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }
}
