package dev.mamori.core.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema as numbered steps. A database records the last step applied in {@code PRAGMA user_version}; opening it
 * applies the missing steps in order, each in its own transaction together with the version bump, so a crash leaves
 * the database at a whole step. Steps are append-only once released: never edit one, add the next.
 *
 * <p>Times are epoch milliseconds (UTC). Lists are JSON arrays of strings. {@code detections} repeats the message's
 * time, protocol and account because detections are kept longer than messages: a detection outlives its message row,
 * so {@code message_row_id} is a reference, not a foreign key.
 */
final class Migrations {

    /** One step: brings the schema from {@code version - 1} to {@code version}. */
    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> ALL = List.of(
            new Migration(1, "message tracking and detections", List.of("""
                    CREATE TABLE messages (
                        id               INTEGER PRIMARY KEY,
                        time             INTEGER NOT NULL,
                        protocol         TEXT    NOT NULL,
                        listener         TEXT    NOT NULL,
                        client_address   TEXT,
                        account          TEXT,
                        upstream         TEXT,
                        envelope_sender  TEXT,
                        recipients       TEXT    NOT NULL DEFAULT '[]',
                        message_id       TEXT,
                        subject          TEXT,
                        size             INTEGER NOT NULL,
                        attachment_names TEXT    NOT NULL DEFAULT '[]',
                        verdict          TEXT    NOT NULL,
                        categories       TEXT    NOT NULL DEFAULT '[]',
                        action           TEXT    NOT NULL,
                        scan_ms          INTEGER NOT NULL,
                        quarantine_id    TEXT
                    )""", """
                    CREATE TABLE detections (
                        id             INTEGER PRIMARY KEY,
                        message_row_id INTEGER NOT NULL,
                        time           INTEGER NOT NULL,
                        protocol       TEXT    NOT NULL,
                        account        TEXT,
                        name           TEXT    NOT NULL,
                        engine         TEXT    NOT NULL,
                        category       TEXT    NOT NULL,
                        path           TEXT
                    )""")),
            new Migration(2, "quarantine index", List.of("""
                    CREATE TABLE quarantine (
                        id          TEXT    PRIMARY KEY,
                        time        INTEGER NOT NULL,
                        account     TEXT,
                        upstream    TEXT,
                        subject     TEXT,
                        size        INTEGER NOT NULL,
                        sha256      TEXT    NOT NULL,
                        status      TEXT    NOT NULL,
                        status_time INTEGER NOT NULL,
                        reasons     TEXT    NOT NULL DEFAULT '[]'
                    )""")),
            new Migration(3, "statistics, component history and audit log", List.of("""
                    CREATE TABLE stats_minute (
                        minute     INTEGER NOT NULL,
                        protocol   TEXT    NOT NULL,
                        bytes_in   INTEGER NOT NULL,
                        bytes_out  INTEGER NOT NULL,
                        messages   INTEGER NOT NULL,
                        detections INTEGER NOT NULL,
                        sessions   INTEGER NOT NULL,
                        PRIMARY KEY (minute, protocol)
                    ) WITHOUT ROWID""", """
                    CREATE TABLE component_history (
                        id        INTEGER PRIMARY KEY,
                        time      INTEGER NOT NULL,
                        component TEXT    NOT NULL,
                        version   TEXT,
                        action    TEXT    NOT NULL,
                        result    TEXT    NOT NULL,
                        detail    TEXT
                    )""", """
                    CREATE TABLE audit (
                        id     INTEGER PRIMARY KEY,
                        time   INTEGER NOT NULL,
                        actor  TEXT    NOT NULL,
                        action TEXT    NOT NULL,
                        target TEXT,
                        detail TEXT,
                        result TEXT    NOT NULL
                    )""")),
            new Migration(4, "time indexes for range queries and retention", List.of(
                    "CREATE INDEX messages_time ON messages (time)",
                    "CREATE INDEX detections_time ON detections (time)",
                    "CREATE INDEX detections_message ON detections (message_row_id)",
                    "CREATE INDEX quarantine_time ON quarantine (time)",
                    "CREATE INDEX component_history_time ON component_history (time)",
                    "CREATE INDEX audit_time ON audit (time)")));

    static final int CURRENT_VERSION = ALL.getLast().version();

    private Migrations() {
    }

    /** The database's schema version ({@code 0} for a new file). */
    static int versionOf(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Applies every step after the database's version up to {@code target}.
     *
     * @throws NewerSchemaException when the database is already past {@code target}
     */
    static void migrate(Connection connection, String database, int target) throws SQLException {
        int current = versionOf(connection);
        if (current > target) {
            throw new NewerSchemaException(database, current, target);
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (Migration step : ALL) {
                if (step.version() <= current || step.version() > target) {
                    continue;
                }
                try (Statement st = connection.createStatement()) {
                    for (String sql : step.statements()) {
                        st.execute(sql);
                    }
                    // PRAGMA takes no bind parameters; the version is one of our own integers.
                    st.execute("PRAGMA user_version = " + step.version());
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw new SQLException("schema step " + step.version() + " (" + step.description()
                            + ") failed on " + database + ": " + e.getMessage(), e);
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
