package dev.mamori.core.metrics;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficMeterConcurrencyTest {
    @Test
    void countsPerListenerFromManyThreads() throws Exception {
        TrafficMeter meter = new TrafficMeter(Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                ListenerMeter m = meter.listener("pop3", "generic");
                for (int i = 0; i < 1000; i++) {
                    m.sessionOpened();
                    m.clientToUpstream(10);
                    m.upstreamToClient(100);
                    m.message();
                    if (i % 100 == 0) {
                        m.detection("virus");
                    }
                    m.sessionClosed();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        meter.listener("smtp", "submission").sessionOpened();

        TrafficSnapshot snap = meter.snapshot();
        assertThat(snap.listeners()).extracting(ListenerStats::protocol).containsExactly("pop3", "smtp");
        ListenerStats pop3 = snap.listeners().getFirst();
        assertThat(pop3.bytesClientToUpstream()).isEqualTo(40_000);
        assertThat(pop3.bytesUpstreamToClient()).isEqualTo(400_000);
        assertThat(pop3.messages()).isEqualTo(4000);
        assertThat(pop3.detections()).isEqualTo(40);
        assertThat(pop3.detectionsByCategory()).isEqualTo(Map.of("virus", 40L));
        assertThat(pop3.activeSessions()).isZero();
        assertThat(pop3.sessions()).isEqualTo(4000);
        assertThat(snap.listeners().get(1).activeSessions()).isEqualTo(1);
    }
}
