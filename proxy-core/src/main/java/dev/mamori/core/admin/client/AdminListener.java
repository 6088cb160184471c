package dev.mamori.core.admin.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.metrics.TrafficSnapshot;

/**
 * Receives what a subscription pushes. All methods run on one client thread ({@code mamori-admin-events}), in the
 * order the server sent them; keep them short (a JavaFX client hands over with {@code Platform.runLater}).
 */
public interface AdminListener {
    /** Every pushed line, before the typed call: {@code kind} is {@code stats}, {@code detection}, {@code service}, ... */
    default void onRaw(String kind, JsonNode data) {
    }

    /** {@code stats}, once a second. */
    default void onStats(TrafficSnapshot snapshot) {
    }

    /** {@code detection}, {@code service}, {@code component}, {@code alert}. */
    default void onEvent(MamoriEvent event) {
    }

    /** The server ended this connection's subscriptions because the client did not keep up. */
    default void onDropped(String reason) {
    }

    /** The connection ended; {@code cause} is null for a normal close. */
    default void onClosed(Throwable cause) {
    }
}
