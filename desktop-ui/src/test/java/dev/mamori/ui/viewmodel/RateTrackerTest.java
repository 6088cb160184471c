package dev.mamori.ui.viewmodel;

import dev.mamori.core.metrics.ListenerStats;
import dev.mamori.core.metrics.TrafficSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RateTrackerTest {
    static TrafficSnapshot snapshot(long second, long pop3Bytes, long pop3Messages, long sessions) {
        return new TrafficSnapshot(Instant.ofEpochSecond(second), List.of(
                new ListenerStats("pop3", "a", pop3Bytes / 4, pop3Bytes / 4, pop3Messages / 2, 0, Map.of(), sessions, sessions),
                new ListenerStats("pop3", "b", pop3Bytes / 4, pop3Bytes / 4, pop3Messages / 2, 0, Map.of(), 0, 0)));
    }

    @Test
    void ratesComeFromConsecutiveTotalsOfAllListenersOfAProtocol() {
        RateTracker t = new RateTracker();
        assertThat(t.next(snapshot(100, 4000, 0, 3)).get("pop3").bytesPerSecond()).isZero();
        RateTracker.Rates r = t.next(snapshot(101, 12_000, 4, 5)).get("pop3");
        assertThat(r.bytesPerSecond()).isEqualTo(8000);
        assertThat(r.messagesPerMinute()).isEqualTo(4);
        assertThat(r.activeSessions()).isEqualTo(5);
        r = t.next(snapshot(103, 16_000, 6, 5)).get("pop3"); // two seconds later
        assertThat(r.bytesPerSecond()).isEqualTo(2000);
        assertThat(r.messagesPerMinute()).isEqualTo(6);
    }

    @Test
    void messagesPerMinuteIsTheTrailingMinute() {
        RateTracker t = new RateTracker();
        t.next(snapshot(0, 0, 0, 0));
        t.next(snapshot(1, 0, 10, 0));
        assertThat(t.next(snapshot(60, 0, 10, 0)).get("pop3").messagesPerMinute()).isEqualTo(10);
        assertThat(t.next(snapshot(61, 0, 10, 0)).get("pop3").messagesPerMinute()).isZero();
    }

    @Test
    void aCounterThatGoesDownIsARestartNotANegativeRate() {
        RateTracker t = new RateTracker();
        t.next(snapshot(0, 1_000_000, 100, 0));
        RateTracker.Rates r = t.next(snapshot(1, 10, 0, 0)).get("pop3");
        assertThat(r.bytesPerSecond()).isZero();
        assertThat(r.messagesPerMinute()).isZero();
    }
}
