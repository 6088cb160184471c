package dev.mamori.core.store;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** Opens connections to one database file with the settings every connection must share. */
final class SqliteConnections {
    private final String url;
    private final Duration busyTimeout;

    SqliteConnections(Path file, Duration busyTimeout) {
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.busyTimeout = busyTimeout;
    }

    /**
     * The writer's connection. WAL lets readers run while the writer commits; {@code synchronous=NORMAL} in WAL mode
     * keeps every committed transaction across a process crash and may lose only the last ones on power loss, which
     * is the trade the store makes for batching throughput.
     */
    Connection openWriter() throws SQLException {
        SQLiteConfig config = common();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        // otherwise the driver prepares and runs "SELECT last_insert_rowid()" after every INSERT (a quarter of the
        // writer thread's time); BatchWriter asks for the row id itself when it needs one
        config.setGetGeneratedKeys(false);
        return config.createConnection(url);
    }

    /** A query connection: read-only, so a bug in a query cannot write behind the writer's back. */
    Connection openReader() throws SQLException {
        SQLiteConfig config = common();
        config.setReadOnly(true);
        return config.createConnection(url);
    }

    private SQLiteConfig common() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.setEncoding(SQLiteConfig.Encoding.UTF8);
        return config;
    }
}
