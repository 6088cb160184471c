package dev.mamori.core.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void defaultsDeleteEachTableByItsOwnAge() {
        StoreOptions options = StoreOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC));
        try (EventStore store = EventStore.open(dir, options)) {
            for (int days : new int[] {1, 29, 31, 89, 91, 364, 366}) {
                Instant t = NOW.minus(Duration.ofDays(days));
                store.record(TestEvents.message(t, "pop3", "alice", days + " days", days,
                        List.of(TestEvents.eicar(null))));
                store.record(new StatsMinute(t, "pop3", 1, 1, 1, 1, 1));
                store.record(new AuditEvent(t, "admin", days + " days", null, null, "ok"));
                store.record(new ComponentEvent(t, "signatures", null, "update", "ok", null));
                store.record(new QuarantineEvent.Added("Q-20261125-0000" + String.format("%04d", days), t, "alice",
                        null, null, 1, "0".repeat(64), "quarantined", List.of()));
            }
            store.flush();

            RetentionSettings.Result result = store.applyRetention(RetentionSettings.defaults());

            assertThat(result).isEqualTo(new RetentionSettings.Result(3, 1, 5, 1, 1));
            assertThat(result.total()).isEqualTo(11);
            assertThat(store.queries().searchMessages(MessageSearch.latest(100)))
                    .extracting(m -> m.message().size()).containsExactly(1L, 29L, 31L, 89L);
            assertThat(TestDb.count(store.file(), "detections")).isEqualTo(6);
            assertThat(store.queries().statsHistory(null, null, null)).hasSize(2);
            assertThat(store.queries().auditLog(null, null, null, 100)).hasSize(6);
            assertThat(store.queries().componentHistory(null, 100)).hasSize(6);
            // The quarantine index follows the quarantine's own retention, not this one.
            assertThat(store.queries().quarantine(null, 100)).hasSize(7);

            // Detections outlive their message: still listed, pointing at a row that is gone.
            assertThat(store.queries().recentDetections(
                    new DetectionFilter(null, NOW.minus(Duration.ofDays(90)), null, null, null, 100))).hasSize(2);

            assertThat(store.applyRetention(RetentionSettings.defaults()).total()).isZero();
        }
    }

    @Test
    void customDurationsApply() {
        StoreOptions options = StoreOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC));
        try (EventStore store = EventStore.open(dir, options)) {
            store.record(new AuditEvent(NOW.minus(Duration.ofHours(2)), "admin", "old", null, null, "ok"));
            store.record(new AuditEvent(NOW.minus(Duration.ofMinutes(30)), "admin", "new", null, null, "ok"));
            store.flush();
            RetentionSettings hourOfAudit = new RetentionSettings(Duration.ofDays(1), Duration.ofDays(1),
                    Duration.ofDays(1), Duration.ofHours(1), Duration.ofDays(1));
            assertThat(store.applyRetention(hourOfAudit).audit()).isEqualTo(1);
            assertThat(store.queries().auditLog(null, null, null, 10)).extracting(AuditEvent::action)
                    .containsExactly("new");
        }
    }

    @Test
    void durationsMustBePositive() {
        assertThatThrownBy(() -> new RetentionSettings(Duration.ZERO, Duration.ofDays(1), Duration.ofDays(1),
                Duration.ofDays(1), Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
