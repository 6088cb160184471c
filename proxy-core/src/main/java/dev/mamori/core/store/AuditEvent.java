package dev.mamori.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One administrator action, recorded whether it succeeded or not.
 *
 * @param target what it acted on (a quarantine id, a component, {@code pop3}...), {@code null} when nothing
 * @param result {@code ok}, {@code denied}, {@code failed}...
 */
public record AuditEvent(Instant time, String actor, String action, String target, String detail, String result)
        implements StoreEvent {
    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(result, "result");
    }
}
