package dev.mamori.ui.viewmodel;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Carries items from backend threads to the UI thread in batches: any number of {@link #add} calls between two
 * deliveries become one {@code ui.execute} with the list. At most one delivery is outstanding at a time and deliveries
 * are at least {@code minIntervalMillis} apart, so a burst of events costs the UI thread one task, not one per event.
 * Keeps at most {@code capacity} items (the oldest are dropped and counted): with capacity 1 it hands over only the
 * latest value.
 */
public final class Batcher<T> {
    private final Executor ui;
    private final Delayer delayer;
    private final LongSupplier millisClock;
    private final long minIntervalMillis;
    private final int capacity;
    private final Consumer<List<T>> sink;
    private final ArrayDeque<T> pending = new ArrayDeque<>();
    private boolean scheduled;
    private long lastDelivery = Long.MIN_VALUE / 2;
    private long dropped;

    public Batcher(Executor ui, Delayer delayer, LongSupplier millisClock, long minIntervalMillis, int capacity,
                   Consumer<List<T>> sink) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.ui = ui;
        this.delayer = delayer;
        this.millisClock = millisClock;
        this.minIntervalMillis = minIntervalMillis;
        this.capacity = capacity;
        this.sink = sink;
    }

    /** Queues an item; schedules a delivery unless one is already on its way. Any thread. */
    public void add(T item) {
        addAll(List.of(item));
    }

    public void addAll(List<? extends T> items) {
        long wait;
        synchronized (this) {
            for (T item : items) {
                if (pending.size() == capacity) {
                    pending.removeFirst();
                    dropped++;
                }
                pending.addLast(item);
            }
            if (scheduled || pending.isEmpty()) {
                return;
            }
            scheduled = true;
            wait = lastDelivery + minIntervalMillis - millisClock.getAsLong();
        }
        if (wait <= 0) {
            ui.execute(this::deliver);
        } else {
            delayer.after(wait, () -> ui.execute(this::deliver));
        }
    }

    private void deliver() {
        List<T> batch;
        synchronized (this) {
            batch = List.copyOf(pending);
            pending.clear();
            scheduled = false;
            lastDelivery = millisClock.getAsLong();
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }

    /** Items dropped because more than {@code capacity} arrived between two deliveries. */
    public synchronized long dropped() {
        return dropped;
    }
}
