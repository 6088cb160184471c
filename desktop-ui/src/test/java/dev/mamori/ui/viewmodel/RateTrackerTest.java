package dev.mamori.ui.viewmodel;

import dev.mamori.core.metrics.ListenerStats;
import dev.mamori.core.metrics.TrafficSnapshot;
import dev.mamori.ui.backend.Pulse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RateTrackerTest {
    static TrafficSnapshot snapshot(long second, long pop3Bytes, long sessions) {
        return new TrafficSnapshot(Instant.ofEpochSecond(second), List.of(
                new ListenerStats("pop3", "a", pop3Bytes / 4, pop3Bytes / 4, 0, 0, Map.of(), sessions, sessions),
                new ListenerStats("pop3", "b", pop3Bytes / 4, pop3Bytes / 4, 0, 0, Map.of(), 0, 0)));
    }

    static Pulse pulse(long second, long pop3Bytes, long newPop3Messages, long sessions) {
        return new Pulse(Instant.ofEpochSecond(second), snapshot(second, pop3Bytes, sessions), 0, 0, 0, null, Double.NaN,
                0, newPop3Messages == 0 ? Map.of() : Map.of("pop3", newPop3Messages));
    }

    @Test
    void bytesPerSecondComesFromConsecutiveTotalsOfAllListenersOfAProtocol() {
        RateTracker t = new RateTracker();
        assertThat(t.next(pulse(100, 4000, 0, 3)).get("pop3").bytesPerSecond()).isZero();
        RateTracker.Rates r = t.next(pulse(101, 12_000, 4, 5)).get("pop3");
        assertThat(r.bytesPerSecond()).isEqualTo(8000);
        assertThat(r.messagesPerMinute()).isEqualTo(4);
        assertThat(r.activeSessions()).isEqualTo(5);
        r = t.next(pulse(103, 16_000, 2, 5)).get("pop3"); // two seconds later
        assertThat(r.bytesPerSecond()).isEqualTo(2000);
        assertThat(r.messagesPerMinute()).isEqualTo(6);
    }

    @Test
    void messagesPerMinuteIsTheTrailingMinuteEvenWithoutTrafficCounters() {
        RateTracker t = new RateTracker();
        Pulse first = new Pulse(Instant.ofEpochSecond(1), new TrafficSnapshot(Instant.ofEpochSecond(1), List.of()),
                0, 0, 0, null, Double.NaN, 0, Map.of("smtp", 10L));
        assertThat(t.next(first).get("smtp").messagesPerMinute()).isEqualTo(10);
        assertThat(t.next(pulse(60, 0, 0, 0)).get("smtp").messagesPerMinute()).isEqualTo(10);
        assertThat(t.next(pulse(61, 0, 0, 0)).get("smtp").messagesPerMinute()).isZero();
    }

    @Test
    void aCounterThatGoesDownIsARestartNotANegativeRate() {
        RateTracker t = new RateTracker();
        t.next(pulse(0, 1_000_000, 0, 0));
        assertThat(t.next(pulse(1, 10, 0, 0)).get("pop3").bytesPerSecond()).isZero();
    }
}
