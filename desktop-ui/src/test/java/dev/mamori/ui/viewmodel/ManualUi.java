package dev.mamori.ui.viewmodel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** The UI thread and timer of a view-model test: tasks queue up until the test runs them; time moves when told. */
final class ManualUi implements Executor, Delayer {
    final ArrayDeque<Runnable> uiTasks = new ArrayDeque<>();
    final List<long[]> delays = new ArrayList<>();
    private final List<Runnable> delayed = new ArrayList<>();
    private final List<Long> dueAt = new ArrayList<>();
    long now = 1_000_000;
    int executed;

    @Override
    public synchronized void execute(Runnable task) {
        uiTasks.add(task);
    }

    @Override
    public synchronized void after(long millis, Runnable task) {
        delayed.add(task);
        dueAt.add(now + millis);
    }

    /** Runs the queued UI tasks (and any they queue); returns how many ran. */
    int runUi() {
        int n = 0;
        while (true) {
            Runnable r;
            synchronized (this) {
                r = uiTasks.poll();
            }
            if (r == null) {
                return n;
            }
            r.run();
            n++;
            executed++;
        }
    }

    /** Moves time forward and fires the delays now due (they usually queue UI tasks). */
    void advance(long millis) {
        now += millis;
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < delayed.size(); ) {
                if (dueAt.get(i) <= now) {
                    due.add(delayed.remove(i));
                    dueAt.remove(i);
                } else {
                    i++;
                }
            }
        }
        due.forEach(Runnable::run);
    }

    synchronized int pendingDelays() {
        return delayed.size();
    }

    UiContext context() {
        return new UiContext(this, this, () -> now, "dashboard:test");
    }
}
