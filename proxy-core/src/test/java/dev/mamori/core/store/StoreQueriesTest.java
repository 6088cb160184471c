package dev.mamori.core.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreQueriesTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;
    private EventStore store;
    private StoreQueries queries;

    @BeforeEach
    void open() {
        store = EventStore.open(dir);
        queries = store.queries();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void scanTimesPerMinuteSplitAtTheMinuteAndStatsHistoryKeepsTheNewestUnderALimit() {
        store.record(scanned(T, 10));
        store.record(scanned(T.plusMillis(59_999), 30));
        store.record(scanned(T.plusSeconds(60), 5));
        store.record(scanned(T.plusSeconds(600), 8));
        for (int m = 0; m < 4; m++) {
            store.record(new StatsMinute(T.plusSeconds(60L * m), "pop3", m, m, m, 0, 1));
        }
        store.flush();

        assertThat(queries.scanTimesPerMinute(null, null, 100)).containsExactly(
                new ScanMinute(T, 2, 20, 10, 30, 30), new ScanMinute(T.plusSeconds(60), 1, 5, 5, 5, 5),
                new ScanMinute(T.plusSeconds(600), 1, 8, 8, 8, 8));
        assertThat(queries.scanTimesPerMinute(T.plusSeconds(30), T.plusSeconds(600), 100)).as("from the 2nd message")
                .containsExactly(new ScanMinute(T, 1, 30, 30, 30, 30), new ScanMinute(T.plusSeconds(60), 1, 5, 5, 5, 5));
        assertThat(queries.scanTimesPerMinute(null, null, 1)).extracting(ScanMinute::minute)
                .containsExactly(T.plusSeconds(600));
        assertThat(queries.statsHistory(null, null, null, 2)).extracting(StatsMinute::minute)
                .containsExactly(T.plusSeconds(120), T.plusSeconds(180));
        assertThatThrownBy(() -> queries.scanTimesPerMinute(null, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static MessageEvent scanned(Instant time, long scanMillis) {
        MessageEvent m = TestEvents.clean(time, 100);
        return new MessageEvent(m.time(), m.protocol(), m.listener(), m.clientAddress(), m.account(), m.upstream(),
                m.envelopeSender(), m.recipients(), m.messageId(), m.subject(), m.size(), m.attachmentNames(),
                m.verdict(), m.categories(), m.action(), scanMillis, m.quarantineId(), m.detections());
    }

    @Test
    void recentDetectionsByTimeProtocolThreatAndAccount() {
        store.record(TestEvents.message(T, "pop3", "alice", "a", 1, List.of(TestEvents.eicar("invoice.zip/a.com"))));
        store.record(TestEvents.message(T.plusSeconds(60), "smtp", "bob", "b", 2, List.of(
                new DetectedThreat("Heuristic.Executable.PE", "heuristics", "blocked-attachment", "setup.exe"),
                TestEvents.eicar(null))));
        store.record(TestEvents.message(T.plusSeconds(120), "pop3", "bob", "c", 3, List.of(
                new DetectedThreat("Phish.Url.Example", "urls", "malicious-url", "body"))));
        store.record(TestEvents.clean(T.plusSeconds(180), 4));
        store.flush();

        assertThat(queries.recentDetections(DetectionFilter.latest(100))).extracting(d -> d.threat().name())
                .containsExactly("Phish.Url.Example", "Eicar-Test-Signature", "Heuristic.Executable.PE",
                        "Eicar-Test-Signature");
        assertThat(queries.recentDetections(DetectionFilter.latest(2))).hasSize(2);
        assertThat(names(new DetectionFilter(null, null, "pop3", null, null, 100)))
                .containsExactly("Phish.Url.Example", "Eicar-Test-Signature");
        assertThat(names(new DetectionFilter(null, null, null, "eicar", null, 100)))
                .containsExactly("Eicar-Test-Signature", "Eicar-Test-Signature");
        assertThat(names(new DetectionFilter(null, null, null, null, "bob", 100)))
                .containsExactly("Phish.Url.Example", "Eicar-Test-Signature", "Heuristic.Executable.PE");
        // from is inclusive, to exclusive
        assertThat(names(new DetectionFilter(T.plusSeconds(60), T.plusSeconds(120), null, null, null, 100)))
                .containsExactlyInAnyOrder("Heuristic.Executable.PE", "Eicar-Test-Signature");
        assertThat(names(new DetectionFilter(T, T.plusSeconds(120), "smtp", "PE", "bob", 100)))
                .containsExactly("Heuristic.Executable.PE");
        // LIKE wildcards in a filter are literal
        assertThat(names(new DetectionFilter(null, null, null, "%", null, 100))).isEmpty();

        DetectionRow pe = queries.recentDetections(new DetectionFilter(null, null, null, ".PE", null, 1)).getFirst();
        assertThat(pe.time()).isEqualTo(T.plusSeconds(60));
        assertThat(pe.protocol()).isEqualTo("smtp");
        assertThat(pe.account()).isEqualTo("bob");
        assertThat(pe.threat()).isEqualTo(
                new DetectedThreat("Heuristic.Executable.PE", "heuristics", "blocked-attachment", "setup.exe"));
        assertThat(queries.searchMessages(MessageSearch.latest(10)))
                .filteredOn(m -> m.rowId() == pe.messageRowId())
                .singleElement().satisfies(m -> assertThat(m.message().subject()).isEqualTo("b"));
    }

    @Test
    void messageSearchBySubstringsAndTimeReturnsWholeMessages() {
        MessageEvent infected = new MessageEvent(T, "smtp", "smtp-submission", "198.51.100.7", "carol@example.com",
                "smtp.example.net:587", "Carol <carol@example.com>", List.of("dave@example.org"),
                "<abc-123@example.com>", "Quarterly Invoice", 48_213, List.of("invoice.pdf.exe", "ünïcode 名前.txt"),
                "infected", List.of("virus", "blocked-attachment"), "quarantined", 87, "Q-20261125-deadbeef",
                List.of(TestEvents.eicar("invoice.pdf.exe"),
                        new DetectedThreat("Heuristic.DoubleExtension", "heuristics", "blocked-attachment",
                                "invoice.pdf.exe")));
        store.record(infected);
        store.record(TestEvents.message(T.plusSeconds(10), "pop3", "alice", "Lunch?", 900, List.of()));
        store.record(TestEvents.message(T.plusSeconds(20), "pop3", "bob", "Invoice reminder", 901, List.of()));
        store.flush();

        List<StoredMessage> all = queries.searchMessages(MessageSearch.latest(10));
        assertThat(all).extracting(m -> m.message().subject())
                .containsExactly("Invoice reminder", "Lunch?", "Quarterly Invoice");
        assertThat(all.getLast().message()).isEqualTo(infected);
        assertThat(all.getFirst().message().detections()).isEmpty();

        assertThat(subjects(new MessageSearch(null, null, null, null, "invoice", null, 10)))
                .containsExactly("Invoice reminder", "Quarterly Invoice");
        assertThat(subjects(new MessageSearch(null, null, "CAROL", null, null, null, 10)))
                .containsExactly("Quarterly Invoice");
        assertThat(subjects(new MessageSearch(null, null, null, "sender@example", null, null, 10)))
                .containsExactly("Invoice reminder", "Lunch?");
        assertThat(subjects(new MessageSearch(null, null, null, null, null, "abc-123", 10)))
                .containsExactly("Quarterly Invoice");
        assertThat(subjects(new MessageSearch(T.plusSeconds(10), T.plusSeconds(20), null, null, null, null, 10)))
                .containsExactly("Lunch?");
        assertThat(subjects(new MessageSearch(null, null, "bob", null, "lunch", null, 10))).isEmpty();
        assertThat(subjects(new MessageSearch(null, null, null, null, null, null, 1)))
                .containsExactly("Invoice reminder");
    }

    @Test
    void statsHistoryByProtocolAndRangeAddsRowsOfTheSameMinute() {
        Instant minute = Instant.parse("2026-11-25T10:00:00Z");
        store.record(new StatsMinute(minute, "pop3", 100, 2_000, 3, 1, 2));
        store.record(new StatsMinute(minute.plusSeconds(59), "pop3", 1, 10, 1, 0, 1));
        store.record(new StatsMinute(minute, "smtp", 5_000, 50, 1, 0, 1));
        store.record(new StatsMinute(minute.plusSeconds(60), "pop3", 7, 70, 0, 0, 0));
        store.record(new StatsMinute(minute.plusSeconds(120), "pop3", 8, 80, 0, 0, 0));
        store.flush();

        assertThat(queries.statsHistory("pop3", minute, minute.plusSeconds(120))).containsExactly(
                new StatsMinute(minute, "pop3", 101, 2_010, 4, 1, 3),
                new StatsMinute(minute.plusSeconds(60), "pop3", 7, 70, 0, 0, 0));
        assertThat(queries.statsHistory(null, minute, minute.plusSeconds(60))).extracting(StatsMinute::protocol)
                .containsExactly("pop3", "smtp");
        assertThat(queries.statsHistory("smtp", null, null)).hasSize(1);
        assertThat(queries.statsHistory("pop3", minute.plusSeconds(60), null)).hasSize(2);
    }

    @Test
    void quarantineListingByStatusFollowsStatusChanges() {
        store.record(new QuarantineEvent.Added("Q-20261125-00000001", T, "alice", "pop.example.net:995", "one", 10,
                "a".repeat(64), "quarantined", List.of("virus: Eicar-Test-Signature")));
        store.record(new QuarantineEvent.Added("Q-20261125-00000002", T.plusSeconds(1), "bob", "pop.example.net:995",
                "two", 20, "b".repeat(64), "quarantined", List.of()));
        store.record(new QuarantineEvent.StatusChanged("Q-20261125-00000001", T.plusSeconds(5), "released"));
        store.record(new QuarantineEvent.StatusChanged("Q-20261125-99999999", T.plusSeconds(5), "deleted"));
        store.flush();

        assertThat(queries.quarantine(null, 10)).extracting(QuarantineRow::id)
                .containsExactly("Q-20261125-00000002", "Q-20261125-00000001");
        assertThat(queries.quarantine("quarantined", 10)).extracting(QuarantineRow::id)
                .containsExactly("Q-20261125-00000002");
        QuarantineRow released = queries.quarantine("released", 10).getFirst();
        assertThat(released).isEqualTo(new QuarantineRow("Q-20261125-00000001", T, "alice", "pop.example.net:995",
                "one", 10, "a".repeat(64), "released", T.plusSeconds(5), List.of("virus: Eicar-Test-Signature")));
        assertThat(queries.quarantine(null, 1)).hasSize(1);
    }

    @Test
    void auditLogByTimeAndActor() {
        store.record(new AuditEvent(T, "admin", "login", null, null, "ok"));
        store.record(new AuditEvent(T.plusSeconds(1), "admin", "quarantine.release", "Q-20261125-00000001",
                "to alice", "ok"));
        store.record(new AuditEvent(T.plusSeconds(2), "ops", "pop3.disable", "pop3", null, "denied"));
        store.flush();

        assertThat(queries.auditLog(null, null, null, 10)).extracting(AuditEvent::action)
                .containsExactly("pop3.disable", "quarantine.release", "login");
        assertThat(queries.auditLog(null, null, "admin", 10)).extracting(AuditEvent::action)
                .containsExactly("quarantine.release", "login");
        assertThat(queries.auditLog(T.plusSeconds(1), T.plusSeconds(2), null, 10)).containsExactly(
                new AuditEvent(T.plusSeconds(1), "admin", "quarantine.release", "Q-20261125-00000001", "to alice",
                        "ok"));
        assertThat(queries.auditLog(null, null, null, 1)).hasSize(1);
    }

    @Test
    void componentHistoryByComponent() {
        store.record(new ComponentEvent(T, "signatures", "2026112501", "update", "ok", null));
        store.record(new ComponentEvent(T.plusSeconds(1), "clamd", null, "update", "failed", "connection refused"));
        store.record(new ComponentEvent(T.plusSeconds(2), "signatures", "2026112401", "rollback", "ok", "by admin"));
        store.flush();

        assertThat(queries.componentHistory(null, 10)).extracting(ComponentEvent::component)
                .containsExactly("signatures", "clamd", "signatures");
        assertThat(queries.componentHistory("signatures", 10)).extracting(ComponentEvent::version)
                .containsExactly("2026112401", "2026112501");
        assertThat(queries.componentHistory("clamd", 10)).containsExactly(new ComponentEvent(T.plusSeconds(1),
                "clamd", null, "update", "failed", "connection refused"));
    }

    @Test
    void limitsAreBoundedAndAClosedStoreRefusesQueries() {
        assertThatThrownBy(() -> DetectionFilter.latest(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageSearch.latest(Limits.MAX_ROWS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        store.close();
        assertThatThrownBy(() -> queries.auditLog(null, null, null, 1)).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
    }

    private List<String> names(DetectionFilter filter) {
        return queries.recentDetections(filter).stream().map(d -> d.threat().name()).toList();
    }

    private List<String> subjects(MessageSearch search) {
        return queries.searchMessages(search).stream().map(m -> m.message().subject()).toList();
    }
}
