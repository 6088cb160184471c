package dev.mamori.ui.viewmodel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class BatcherTest {
    private final ManualUi ui = new ManualUi();
    private final List<List<Integer>> delivered = new ArrayList<>();

    private Batcher<Integer> batcher(int capacity) {
        return new Batcher<>(ui, ui, () -> ui.now, 100, capacity, delivered::add);
    }

    @Test
    void aBurstBecomesOneUiTaskWithEveryItemInOrder() {
        Batcher<Integer> b = batcher(10_000);
        for (int i = 0; i < 5000; i++) {
            b.add(i);
        }
        assertThat(ui.uiTasks).hasSize(1);
        ui.runUi();
        assertThat(delivered).hasSize(1);
        assertThat(delivered.getFirst()).hasSize(5000).startsWith(0, 1, 2).endsWith(4999);
    }

    @Test
    void deliveriesAreAtLeastTheIntervalApart() {
        Batcher<Integer> b = batcher(100);
        b.add(1);
        ui.runUi();
        b.add(2);
        b.add(3);
        assertThat(ui.uiTasks).as("the second delivery waits for the interval").isEmpty();
        assertThat(ui.pendingDelays()).isEqualTo(1);
        ui.advance(99);
        assertThat(ui.uiTasks).isEmpty();
        ui.advance(1);
        ui.runUi();
        assertThat(delivered).containsExactly(List.of(1), List.of(2, 3));
        ui.advance(500);
        b.add(4);
        assertThat(ui.uiTasks).as("after a quiet interval delivery is immediate").hasSize(1);
    }

    @Test
    void capacityKeepsTheNewestAndCountsTheRest() {
        Batcher<Integer> b = batcher(1);
        for (int i = 0; i < 10; i++) {
            b.add(i);
        }
        ui.runUi();
        assertThat(delivered).containsExactly(List.of(9));
        assertThat(b.dropped()).isEqualTo(9);
    }

    @Test
    void manyProducerThreadsStillCostOneUiTaskPerDelivery() throws Exception {
        Batcher<Integer> b = batcher(1_000_000);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 10_000; i++) {
                    b.add(i);
                }
            });
            th.start();
            threads.add(th);
        }
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertThat(ui.uiTasks).hasSize(1);
        ui.runUi();
        assertThat(delivered.getFirst()).hasSize(40_000);
    }
}
