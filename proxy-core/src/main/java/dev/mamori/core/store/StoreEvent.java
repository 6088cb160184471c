package dev.mamori.core.store;

/** Something to be written to the {@link EventStore}. Immutable, so it can cross from an event loop to the writer. */
public sealed interface StoreEvent permits MessageEvent, QuarantineEvent, AuditEvent, ComponentEvent, StatsMinute {
}
