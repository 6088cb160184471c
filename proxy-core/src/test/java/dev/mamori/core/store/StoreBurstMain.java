package dev.mamori.core.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Child process for {@link EventStoreDurabilityTest}: records numbered messages (size = sequence number, three
 * detections each) as fast as the writer takes them, prints {@code BURST} once the first ones are committed, and goes
 * on until it is killed. A refused event is retried, so the sequence offered to the writer has no gaps.
 */
public final class StoreBurstMain {
    static final String READY = "BURST";
    static final int DETECTIONS_PER_MESSAGE = 3;
    static final int FIRST_FLUSH = 500;

    private StoreBurstMain() {
    }

    public static void main(String[] args) {
        EventStore store = EventStore.open(Path.of(args[0]), StoreOptions.defaults().withQueueCapacity(2_000)
                .withMaxBatch(64));
        Instant start = Instant.now();
        for (long seq = 0; ; seq++) {
            MessageEvent event = TestEvents.message(start.plusMillis(seq), "smtp", "burst", "message " + seq, seq,
                    List.of(TestEvents.eicar("part 1"), TestEvents.eicar("part 2"), TestEvents.eicar("part 3")));
            while (!store.record(event)) {
                Thread.onSpinWait();
            }
            if (seq == FIRST_FLUSH - 1) {
                store.flush();
                System.out.println(READY);
                System.out.flush();
            }
        }
    }
}
