package dev.mamori.core.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationsTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    static IntStream olderVersions() {
        return IntStream.range(0, Migrations.CURRENT_VERSION);
    }

    @Test
    void versionsAreNumberedFromOneWithoutGaps() {
        for (int i = 0; i < Migrations.ALL.size(); i++) {
            assertThat(Migrations.ALL.get(i).version()).isEqualTo(i + 1);
        }
    }

    @ParameterizedTest(name = "from version {0}")
    @MethodSource("olderVersions")
    void opensADatabaseOfAnOlderVersionAndKeepsItsRows(int version) throws Exception {
        try (Connection c = connections().openWriter()) {
            Migrations.migrate(c, "test", version);
            assertThat(Migrations.versionOf(c)).isEqualTo(version);
            if (version >= 1) {
                try (Statement st = c.createStatement()) {
                    st.execute("""
                            INSERT INTO messages (time, protocol, listener, size, verdict, action, scan_ms, subject)
                            VALUES (%d, 'pop3', 'pop3-main', 42, 'clean', 'delivered', 3, 'kept across migration')"""
                            .formatted(T.toEpochMilli()));
                }
            }
        }

        try (EventStore store = EventStore.open(dir)) {
            try (Connection c = connections().openReader()) {
                assertThat(Migrations.versionOf(c)).isEqualTo(Migrations.CURRENT_VERSION);
                assertThat(tables(c)).contains("messages", "detections", "quarantine", "stats_minute",
                        "component_history", "audit");
                assertThat(indexes(c)).contains("messages_time", "detections_time", "audit_time");
            }
            List<StoredMessage> messages = store.queries().searchMessages(MessageSearch.latest(10));
            if (version >= 1) {
                assertThat(messages).singleElement().satisfies(m -> {
                    assertThat(m.message().subject()).isEqualTo("kept across migration");
                    assertThat(m.message().recipients()).isEmpty();
                    assertThat(m.message().time()).isEqualTo(T);
                });
            } else {
                assertThat(messages).isEmpty();
            }
            // The migrated database takes every kind of event.
            store.record(TestEvents.message(T, "smtp", "bob", "after", 7, List.of(TestEvents.eicar("a.zip"))));
            store.record(new AuditEvent(T, "admin", "login", null, null, "ok"));
            store.flush();
            assertThat(store.writtenEvents()).isEqualTo(2);
        }
    }

    @Test
    void aStepIsAtomicWithItsVersion() throws Exception {
        try (Connection c = connections().openWriter()) {
            Migrations.migrate(c, "test", 1);
            try (Statement st = c.createStatement()) {
                // Version 2 creates this table; the step must fail and leave version 1 and no half of step 2.
                st.execute("CREATE TABLE quarantine (x INTEGER)");
            }
            assertThatThrownBy(() -> Migrations.migrate(c, "test", Migrations.CURRENT_VERSION))
                    .isInstanceOf(SQLException.class).hasMessageContaining("schema step 2");
            assertThat(Migrations.versionOf(c)).isEqualTo(1);
        }
    }

    @Test
    void refusesADatabaseFromANewerMamori() throws Exception {
        int newer = Migrations.CURRENT_VERSION + 1;
        try (Connection c = connections().openWriter(); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + newer);
        }
        assertThatThrownBy(() -> EventStore.open(dir))
                .isInstanceOfSatisfying(NewerSchemaException.class, e -> {
                    assertThat(e.foundVersion()).isEqualTo(newer);
                    assertThat(e.supportedVersion()).isEqualTo(Migrations.CURRENT_VERSION);
                })
                .hasMessageContaining("schema version " + newer)
                .hasMessageContaining("newer Mamori")
                .hasMessageContaining(dir.resolve(EventStore.FILE_NAME).toString());
        // Refusing must not have touched the file.
        try (Connection c = connections().openReader()) {
            assertThat(Migrations.versionOf(c)).isEqualTo(newer);
        }
    }

    @Test
    void opensInWalMode() throws Exception {
        EventStore.open(dir).close();
        try (Connection c = connections().openReader(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    private SqliteConnections connections() {
        return new SqliteConnections(dir.resolve(EventStore.FILE_NAME), Duration.ofSeconds(2));
    }

    private static List<String> tables(Connection c) throws SQLException {
        return names(c, "table");
    }

    private static List<String> indexes(Connection c) throws SQLException {
        return names(c, "index");
    }

    private static List<String> names(Connection c, String type) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT name FROM sqlite_master WHERE type = ?")) {
            st.setString(1, type);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
