package dev.mamori.core.spool;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** Runs tasks one after another, in submission order, on a shared executor. */
final class SerialExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final Executor executor;
    private Runnable active;

    SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    @Override
    public synchronized void execute(Runnable r) {
        tasks.add(() -> {
            try {
                r.run();
            } finally {
                scheduleNext();
            }
        });
        if (active == null) {
            scheduleNext();
        }
    }

    private void scheduleNext() {
        Runnable next;
        synchronized (this) {
            if ((active = tasks.poll()) == null) {
                return;
            }
            next = active;
            try {
                executor.execute(next);
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The pool is shutting down. Running the task here keeps the order and lets clean-up (closing and
                // deleting spool files) still happen; the wrapper then schedules the rest the same way.
            }
        }
        next.run();
    }
}
