package dev.mamori.core.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class SerialExecutorTest {

    @Test
    void runsTasksOneAtATimeInSubmissionOrder() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> order = new ArrayList<>(); // unsynchronized on purpose: tasks must not overlap
            AtomicBoolean overlap = new AtomicBoolean();
            AtomicBoolean running = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                int n = i;
                serial.execute(() -> {
                    if (!running.compareAndSet(false, true)) {
                        overlap.set(true);
                    }
                    order.add(n);
                    running.set(false);
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(overlap).isFalse();
            assertThat(order).hasSize(1000).isSorted();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheChain() {
        List<String> ran = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(r -> {
            try {
                r.run();
            } catch (RuntimeException expected) {
                ran.add("failed");
            }
        });
        serial.execute(() -> {
            throw new IllegalStateException("boom");
        });
        serial.execute(() -> ran.add("second"));
        assertThat(ran).containsExactly("failed", "second");
    }

    /** A pool that is shutting down rejects: the task then runs in the caller, so clean-up still happens, in order. */
    @Test
    void aRejectedTaskRunsInTheCallerAndDoesNotWedgeTheExecutor() {
        List<String> ran = new ArrayList<>();
        AtomicBoolean reject = new AtomicBoolean(true);
        SerialExecutor serial = new SerialExecutor(r -> {
            if (reject.getAndSet(false)) {
                throw new RejectedExecutionException("shutting down");
            }
            r.run();
        });
        serial.execute(() -> ran.add("first"));
        serial.execute(() -> ran.add("second"));
        assertThat(ran).containsExactly("first", "second");
    }
}
