package dev.mamori.core.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class EventStoreWriterTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void severalThreadsRecordingConcurrentlyAreAllWritten() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        StoreOptions options = StoreOptions.defaults().withQueueCapacity(threads * perThread).withMaxBatch(1_000);
        try (EventStore store = EventStore.open(dir, options)) {
            CountDownLatch start = new CountDownLatch(1);
            AtomicLong refused = new AtomicLong();
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                producers.add(Thread.ofPlatform().start(() -> {
                    awaitQuietly(start);
                    for (int i = 0; i < perThread; i++) {
                        // Every tenth message carries a detection, so the detections table is written too.
                        List<DetectedThreat> threats = i % 10 == 0 ? List.of(TestEvents.eicar("part " + i)) : List.of();
                        if (!store.record(TestEvents.message(T.plusMillis(i), "pop3", "user" + thread, "s", i,
                                threats))) {
                            refused.incrementAndGet();
                        }
                    }
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            for (Thread p : producers) {
                p.join();
            }
            store.flush();
            double seconds = (System.nanoTime() - began) / 1e9;
            System.out.printf("event store: %d message events (10%% with a detection) from %d threads in %.3f s:"
                    + " %.0f events/s through the writer%n", threads * perThread, threads, seconds,
                    threads * perThread / seconds);

            assertThat(refused.get()).isZero();
            assertThat(store.droppedEvents()).isZero();
            assertThat(store.failedEvents()).isZero();
            assertThat(store.writtenEvents()).isEqualTo(threads * perThread);
            assertThat(count(store, "messages")).isEqualTo(threads * perThread);
            assertThat(count(store, "detections")).isEqualTo(threads * perThread / 10);
            for (int t = 0; t < threads; t++) {
                assertThat(store.queries().recentDetections(
                        new DetectionFilter(null, null, null, null, "user" + t, 10_000))).hasSize(perThread / 10);
            }
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        StoreOptions options = StoreOptions.defaults().withQueueCapacity(8);
        try (EventStore store = EventStore.openWithWriterStopped(dir, options)) {
            int accepted = 0;
            for (int i = 0; i < 20; i++) {
                if (store.record(TestEvents.clean(T, i))) {
                    accepted++;
                }
            }
            assertThat(accepted).isEqualTo(8);
            assertThat(store.droppedEvents()).isEqualTo(12);
            assertThat(store.queuedEvents()).isEqualTo(8);

            store.startWriter();
            store.flush();
            assertThat(store.writtenEvents()).isEqualTo(8);
            // The first eight were kept, in order: the queue refuses the newest, never evicts.
            assertThat(store.queries().searchMessages(MessageSearch.latest(100)))
                    .extracting(m -> m.message().size()).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
        }
    }

    @Test
    void flushWaitsForEverythingQueuedBefore() {
        StoreOptions options = StoreOptions.defaults().withMaxBatch(7);
        try (EventStore store = EventStore.open(dir, options)) {
            for (int round = 1; round <= 5; round++) {
                for (int i = 0; i < 100; i++) {
                    store.record(new AuditEvent(T, "admin", "round " + round, null, null, "ok"));
                }
                store.flush();
                assertThat(count(store, "audit")).isEqualTo(100L * round);
            }
        }
    }

    @Test
    void closeWritesWhatIsQueuedAndLaterEventsAreCountedAsDropped() {
        EventStore store = EventStore.open(dir);
        for (int i = 0; i < 1_000; i++) {
            store.record(TestEvents.clean(T, i));
        }
        store.close();
        assertThat(store.writtenEvents()).isEqualTo(1_000);
        assertThat(store.record(TestEvents.clean(T, 1))).isFalse();
        assertThat(store.droppedEvents()).isEqualTo(1);
        store.close();

        try (EventStore reopened = EventStore.open(dir)) {
            assertThat(count(reopened, "messages")).isEqualTo(1_000);
        }
    }

    @Test
    void aBatchThatCannotBeCommittedIsLostWholeCountedAndTheWriterGoesOn() throws Exception {
        try (EventStore store = EventStore.openWithWriterStopped(dir, StoreOptions.defaults())) {
            TestDb.execute(dir, """
                    CREATE TRIGGER refuse_poison BEFORE INSERT ON audit WHEN NEW.action = 'poison'
                    BEGIN SELECT RAISE(ABORT, 'poison refused'); END""");
            store.record(new AuditEvent(T, "admin", "before", null, null, "ok"));
            store.record(new AuditEvent(T, "admin", "poison", null, null, "ok"));
            store.record(new AuditEvent(T, "admin", "same batch", null, null, "ok"));
            store.startWriter();
            store.flush();
            store.record(new AuditEvent(T, "admin", "after", null, null, "ok"));
            store.flush();

            assertThat(store.failedEvents()).isEqualTo(3);
            assertThat(store.writtenEvents()).isEqualTo(1);
            assertThat(store.queries().auditLog(null, null, null, 10)).extracting(AuditEvent::action)
                    .containsExactly("after");
        }
    }

    private static long count(EventStore store, String table) {
        return TestDb.count(store.file(), table);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
