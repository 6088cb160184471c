package dev.mamori.core.events;

import dev.mamori.core.runtime.ServiceControl;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EventHubTest {
    private static MamoriEvent alert(int n) {
        return new MamoriEvent.SystemAlert(Instant.EPOCH, "test", "info", "event " + n);
    }

    @Test
    void subscribersReceiveEveryEventInOrderEvenWhenAnotherSubscriberFails() throws Exception {
        try (EventHub hub = new EventHub()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(100);
            hub.subscribe(e -> {
                throw new IllegalStateException("a broken subscriber");
            });
            hub.subscribe(e -> {
                seen.add(((MamoriEvent.SystemAlert) e).message());
                done.countDown();
            });
            for (int i = 0; i < 100; i++) {
                assertThat(hub.publish(alert(i))).isTrue();
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).hasSize(100).startsWith("event 0", "event 1").endsWith("event 99");
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlockingThePublisher() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstTaken = new CountDownLatch(1);
        try (EventHub hub = new EventHub(4)) {
            hub.subscribe(e -> {
                firstTaken.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            hub.publish(alert(0));
            assertThat(firstTaken.await(10, TimeUnit.SECONDS)).isTrue();
            int accepted = 0;
            for (int i = 1; i <= 10; i++) {
                accepted += hub.publish(alert(i)) ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(4);
            assertThat(hub.droppedEvents()).isEqualTo(6);
            release.countDown();
        }
    }

    @Test
    void unsubscribingStopsDeliveryAndClosedHubRefuses() throws Exception {
        EventHub hub = new EventHub();
        List<MamoriEvent> seen = new CopyOnWriteArrayList<>();
        AutoCloseable handle = hub.subscribe(seen::add);
        handle.close();
        hub.publish(alert(1));
        hub.close();
        assertThat(seen).isEmpty();
        assertThat(hub.publish(alert(2))).isFalse();
    }

    @Test
    void serviceSwitchPublishesOnlyRealChanges() throws Exception {
        try (EventHub hub = new EventHub()) {
            List<MamoriEvent> seen = new CopyOnWriteArrayList<>();
            CountDownLatch two = new CountDownLatch(2);
            hub.subscribe(e -> {
                seen.add(e);
                two.countDown();
            });
            ServiceControl services = new ServiceControl(hub, Clock.systemUTC());
            assertThat(services.isEnabled(ServiceControl.Service.POP3)).isTrue();
            assertThat(services.setEnabled(ServiceControl.Service.POP3, true, "admin")).isFalse();
            assertThat(services.setEnabled(ServiceControl.Service.POP3, false, "admin")).isTrue();
            assertThat(services.isEnabled(ServiceControl.Service.POP3)).isFalse();
            assertThat(services.isEnabled(ServiceControl.Service.SMTP)).isTrue();
            assertThat(services.setEnabled(ServiceControl.Service.of("pop3"), true, "bob")).isTrue();
            assertThat(two.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).extracting(e -> ((MamoriEvent.ServiceChanged) e).enabled()).containsExactly(false, true);
            assertThat(seen).extracting(e -> ((MamoriEvent.ServiceChanged) e).actor()).containsExactly("admin", "bob");
        }
    }
}
