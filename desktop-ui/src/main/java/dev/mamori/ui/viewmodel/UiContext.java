package dev.mamori.ui.viewmodel;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What view-models need from their surroundings: the executor of the UI thread ({@code Platform::runLater} in the
 * application, a direct or queued executor in tests), a delayer and a clock. View-models never call the toolkit.
 *
 * @param actor who acts, for the audit log ({@code dashboard:alice})
 */
public record UiContext(Executor ui, Delayer delayer, LongSupplier millisClock, String actor) {

    /** A context whose delays run on one daemon thread. */
    public static UiContext of(Executor ui, String actor) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mamori-dashboard-timer");
            t.setDaemon(true);
            return t;
        });
        return new UiContext(ui, (ms, task) -> timer.schedule(task, ms, TimeUnit.MILLISECONDS),
                System::currentTimeMillis, actor);
    }

    /** At most one UI task per this many milliseconds for a feed (the "one runLater per pulse"). */
    public static final long UI_INTERVAL_MILLIS = 100;

    public <T> Batcher<T> batcher(int capacity, java.util.function.Consumer<java.util.List<T>> sink) {
        return new Batcher<>(ui, delayer, millisClock, UI_INTERVAL_MILLIS, capacity, sink);
    }
}
