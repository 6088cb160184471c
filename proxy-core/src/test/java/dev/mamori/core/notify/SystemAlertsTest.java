package dev.mamori.core.notify;

import dev.mamori.core.events.EventHub;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.metrics.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SystemAlertsTest {
    @TempDir
    Path dir;
    private final EventHub hub = new EventHub();
    private final List<MamoriEvent.SystemAlert> alerts = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

    {
        hub.subscribe(e -> {
            if (e instanceof MamoriEvent.SystemAlert a) {
                alerts.add(a);
            }
        });
    }

    @AfterEach
    void close() {
        hub.close();
    }

    private List<String> kinds() {
        hub.close(); // delivers what is queued
        return alerts.stream().map(MamoriEvent.SystemAlert::kind).toList();
    }

    @Test
    void anUpstreamIsReportedOnceItHasFailedLongerThanTheThresholdAndClearedOnSuccess() {
        UpstreamHealth health = new UpstreamHealth(hub, clock, Duration.ofMinutes(10));
        health.failed("pop.example.net:995", "connection refused");
        clock.advance(Duration.ofMinutes(9));
        health.failed("pop.example.net:995", "connection refused");
        health.succeeded("other.example.net:110"); // another upstream: no effect
        clock.advance(Duration.ofMinutes(2));
        health.failed("pop.example.net:995", "timed out");
        health.failed("pop.example.net:995", "timed out"); // reported once
        assertThat(health.failing()).isEqualTo(1);
        health.succeeded("pop.example.net:995");
        assertThat(health.failing()).isZero();
        // a short outage is not reported at all
        health.failed("pop.example.net:995", "refused");
        clock.advance(Duration.ofMinutes(1));
        health.succeeded("pop.example.net:995");
        assertThat(kinds()).containsExactly("upstream-unreachable", "upstream-recovered");
        assertThat(alerts.get(0).message()).contains("pop.example.net:995", "2026-01-01T10:00:00Z", "timed out");
    }

    @Test
    void diskLowOnceAndStoreOverflowWhenTheDropCountGrows() {
        AtomicLong dropped = new AtomicLong(3); // drops before the monitor started are not news
        SystemMonitor monitor = new SystemMonitor(hub, clock, dir, 10, dropped::get);
        monitor.check();
        monitor.checkDisk(50, 1000); // 5 % free
        monitor.checkDisk(40, 1000); // still low: no second alert
        monitor.checkDisk(105, 1000); // 10.5 %: not yet clearly above the threshold
        monitor.checkDisk(300, 1000); // 30 %
        dropped.addAndGet(5);
        monitor.check();
        monitor.check();
        List<String> kinds = kinds();
        assertThat(kinds).contains("disk-low", "disk-ok", "store-overflow");
        assertThat(kinds.stream().filter(k -> k.equals("disk-low"))).hasSize(1);
        assertThat(kinds.stream().filter(k -> k.equals("store-overflow"))).hasSize(1);
        assertThat(alerts.stream().filter(a -> a.kind().equals("store-overflow")).findFirst().orElseThrow().message())
                .contains("dropped 5 event(s)", "8 since start");
    }
}
