package dev.mamori.core.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Direct SQL on a store's file, for what the public API deliberately does not offer (counts, sabotage). */
final class TestDb {
    private TestDb() {
    }

    static long count(Path file, String table) {
        return longQuery(file, "SELECT count(*) FROM " + table);
    }

    static long longQuery(Path file, String sql) {
        try (Connection c = connections(file).openReader(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    static String stringQuery(Path file, String sql) {
        try (Connection c = connections(file).openReader(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code sql} on a writable connection to the store in {@code dataDir}. */
    static void execute(Path dataDir, String sql) throws SQLException {
        try (Connection c = connections(dataDir.resolve(EventStore.FILE_NAME)).openWriter();
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static SqliteConnections connections(Path file) {
        return new SqliteConnections(file, Duration.ofSeconds(5));
    }
}
