package dev.mamori.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A change to a component (signature set, engine, rules file): installed, updated, rolled back, failed to update.
 *
 * @param action {@code install}, {@code update}, {@code rollback}...
 * @param result {@code ok} or {@code failed}
 */
public record ComponentEvent(Instant time, String component, String version, String action, String result,
                             String detail) implements StoreEvent {
    public ComponentEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(result, "result");
    }
}
