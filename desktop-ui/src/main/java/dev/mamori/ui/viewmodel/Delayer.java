package dev.mamori.ui.viewmodel;

/** Runs a task after a delay on some background thread (a scheduled executor; a manual one in tests). */
@FunctionalInterface
public interface Delayer {
    void after(long millis, Runnable task);
}
