package dev.mamori.core.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of an {@link EventStore}.
 *
 * @param queueCapacity   events waiting for the writer; past this {@link EventStore#record} drops and counts
 * @param maxBatch        most events committed in one transaction
 * @param busyTimeout     how long a connection waits for a lock held by another one
 * @param readConnections query connections kept open (queries beyond this wait for one)
 * @param clock           "now" for retention
 */
public record StoreOptions(int queueCapacity, int maxBatch, Duration busyTimeout, int readConnections, Clock clock) {
    public StoreOptions {
        if (queueCapacity < 1 || maxBatch < 1 || readConnections < 1) {
            throw new IllegalArgumentException("queueCapacity, maxBatch and readConnections must be positive");
        }
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(clock, "clock");
    }

    public static StoreOptions defaults() {
        return new StoreOptions(20_000, 1_000, Duration.ofSeconds(5), 2, Clock.systemUTC());
    }

    public StoreOptions withQueueCapacity(int capacity) {
        return new StoreOptions(capacity, maxBatch, busyTimeout, readConnections, clock);
    }

    public StoreOptions withMaxBatch(int batch) {
        return new StoreOptions(queueCapacity, batch, busyTimeout, readConnections, clock);
    }

    public StoreOptions withClock(Clock newClock) {
        return new StoreOptions(queueCapacity, maxBatch, busyTimeout, readConnections, newClock);
    }
}
