package dev.mamori.core.metrics;

import dev.mamori.core.store.StatsMinute;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficMeterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:10Z"));
    private final TrafficMeter meter = new TrafficMeter(clock);

    @Test
    void samplesGiveTotalsAndPerSecondRates() {
        ListenerMeter m = meter.listener("pop3", "main");
        m.sessionOpened();
        m.clientToUpstream(100);
        m.upstreamToClient(1000);
        meter.sample();
        clock.advance(Duration.ofSeconds(2));
        m.clientToUpstream(200);
        m.upstreamToClient(4000);
        m.message();
        m.message();
        m.detection(List.of("virus", "suspicious"));
        m.sessionOpened();
        m.sessionClosed();
        TrafficSnapshot s = meter.sample();

        ListenerStats l = s.listener("pop3", "main");
        assertThat(l.bytesClientToUpstream()).isEqualTo(300);
        assertThat(l.bytesUpstreamToClient()).isEqualTo(5000);
        assertThat(l.bytesClientToUpstreamPerSecond()).isEqualTo(100.0);
        assertThat(l.bytesUpstreamToClientPerSecond()).isEqualTo(2000.0);
        assertThat(l.messagesPerSecond()).isEqualTo(1.0);
        assertThat(l.detections()).isEqualTo(1);
        assertThat(l.detectionsByCategory()).containsEntry("virus", 1L).containsEntry("suspicious", 1L);
        assertThat(l.sessions()).isEqualTo(2);
        assertThat(l.activeSessions()).isEqualTo(1);
        meter.listener("pop3", "second").upstreamToClient(1);
        meter.listener("smtp", "in").upstreamToClient(1000);
        ListenerStats pop3 = meter.snapshot().total("pop3");
        assertThat(pop3.listener()).isEqualTo("*");
        assertThat(pop3.bytesUpstreamToClient()).isEqualTo(5001);
        assertThat(pop3.detectionsByCategory()).containsEntry("virus", 1L);
        assertThat(pop3.bytesUpstreamToClientPerSecond()).isEqualTo(2000.0);
        assertThat(meter.snapshot().total("none").messages()).isZero();
        // snapshot() reads the counters now and keeps the sampled rates
        m.message();
        ListenerStats now = meter.snapshot().listener("pop3", "main");
        assertThat(now.messages()).isEqualTo(3);
        assertThat(now.messagesPerSecond()).isEqualTo(1.0);
    }

    @Test
    void historyKeepsTheLastFiveMinutesAndSubscribersGetEverySample() throws Exception {
        List<TrafficSnapshot> received = new ArrayList<>();
        AutoCloseable handle = meter.subscribe(received::add);
        for (int i = 0; i < TrafficMeter.HISTORY + 20; i++) {
            clock.advance(Duration.ofSeconds(1));
            meter.sample();
        }
        handle.close();
        meter.sample();
        List<TrafficSnapshot> history = meter.history();
        assertThat(history).hasSize(TrafficMeter.HISTORY);
        assertThat(history.getLast()).isSameAs(meter.latest());
        assertThat(history.getFirst().time()).isBefore(history.getLast().time());
        assertThat(received).hasSize(TrafficMeter.HISTORY + 20);
        // a failing subscriber does not stop the others
        List<TrafficSnapshot> second = new ArrayList<>();
        meter.subscribe(s -> {
            throw new IllegalStateException("boom");
        });
        meter.subscribe(second::add);
        meter.sample();
        assertThat(second).hasSize(1);
    }

    @Test
    void scanLatencyPercentilesPerIntervalAndOverallAndQueueDepth() {
        meter.scanQueue(() -> 7);
        for (int i = 1; i <= 100; i++) {
            meter.scanCompleted(TimeUnit.MILLISECONDS.toNanos(i));
        }
        ScanStats first = meter.sample().scan();
        assertThat(first.queueDepth()).isEqualTo(7);
        assertThat(first.lastInterval().count()).isEqualTo(100);
        assertThat(first.lastInterval().p50Micros()).isBetween(49_900L, 50_100L);
        assertThat(first.lastInterval().p99Micros()).isBetween(98_900L, 99_100L);
        assertThat(first.lastInterval().maxMicros()).isBetween(99_900L, 100_100L);
        assertThat(first.totalSeconds()).isCloseTo(5.05, org.assertj.core.data.Offset.offset(1e-9));

        clock.advance(Duration.ofSeconds(1));
        meter.scanCompleted(TimeUnit.MILLISECONDS.toNanos(500));
        ScanStats second = meter.sample().scan();
        assertThat(second.lastInterval().count()).isEqualTo(1);
        assertThat(second.lastInterval().p50Micros()).isBetween(499_000L, 501_000L);
        assertThat(second.overall().count()).isEqualTo(101);
        assertThat(second.overall().maxMicros()).isBetween(499_000L, 501_000L);

        clock.advance(Duration.ofSeconds(1));
        ScanStats quiet = meter.sample().scan();
        assertThat(quiet.lastInterval()).isEqualTo(LatencySummary.EMPTY);
        // the recent window (previous and current minute) still has them; two minutes later it does not
        assertThat(quiet.recent().count()).isEqualTo(101);
        clock.advance(Duration.ofSeconds(60)); // 10:01:12: the 10:00 minute is the previous one
        assertThat(meter.sample().scan().recent().count()).isEqualTo(101);
        clock.advance(Duration.ofSeconds(60)); // 10:02:12
        assertThat(meter.sample().scan().recent()).isEqualTo(LatencySummary.EMPTY);
        meter.scanCompleted(TimeUnit.MILLISECONDS.toNanos(3));
        clock.advance(Duration.ofMinutes(5)); // a gap without samples
        assertThat(meter.sample().scan().recent().count()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(3));
        assertThat(meter.sample().scan().recent()).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void oneRowPerProtocolPerFinishedMinute() {
        List<StatsMinute> rows = new ArrayList<>();
        meter.minuteSink(rows::add);
        ListenerMeter a = meter.listener("pop3", "a");
        ListenerMeter b = meter.listener("pop3", "b");
        ListenerMeter smtp = meter.listener("smtp", "in");
        meter.sample(); // 10:00:10
        a.clientToUpstream(10);
        b.upstreamToClient(20);
        a.message();
        a.detection("virus");
        b.sessionOpened();
        smtp.clientToUpstream(5);
        clock.advance(Duration.ofSeconds(30));
        meter.sample(); // 10:00:40, same minute: nothing written
        assertThat(rows).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        meter.sample(); // 10:01:10: the 10:00 minute is over
        assertThat(rows).containsExactlyInAnyOrder(
                new StatsMinute(Instant.parse("2026-01-01T10:00:00Z"), "pop3", 10, 20, 1, 1, 1),
                new StatsMinute(Instant.parse("2026-01-01T10:00:00Z"), "smtp", 5, 0, 0, 0, 0));
        rows.clear();
        a.upstreamToClient(7);
        clock.advance(Duration.ofSeconds(20));
        meter.flushMinute(); // shutdown: the minute so far
        assertThat(rows).containsExactly(new StatsMinute(Instant.parse("2026-01-01T10:01:00Z"), "pop3", 0, 7, 0, 0, 0));
    }

    @Test
    void countersAreExactUnderConcurrentUpdates() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int t = 0; t < 4; t++) {
                pool.submit(() -> {
                    go.await();
                    ListenerMeter m = meter.listener("pop3", "main");
                    for (int i = 0; i < 10_000; i++) {
                        m.upstreamToClient(3);
                        m.message();
                        meter.scanCompleted(1000);
                    }
                    return null;
                });
            }
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        TrafficSnapshot s = meter.sample();
        assertThat(s.listener("pop3", "main").bytesUpstreamToClient()).isEqualTo(120_000);
        assertThat(s.listener("pop3", "main").messages()).isEqualTo(40_000);
        assertThat(s.scan().overall().count()).isEqualTo(40_000);
    }
}
