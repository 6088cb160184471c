package dev.mamori.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes batches of events on the writer connection, one transaction per batch, so a crash keeps whole batches or
 * nothing of them. Used only by the writer thread.
 */
final class BatchWriter implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement insertMessage;
    private final PreparedStatement insertDetection;
    private final PreparedStatement upsertQuarantine;
    private final PreparedStatement updateQuarantineStatus;
    private final PreparedStatement addStats;
    private final PreparedStatement insertComponent;
    private final PreparedStatement insertAudit;
    private final PreparedStatement lastRowId;

    BatchWriter(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        insertMessage = connection.prepareStatement("""
                INSERT INTO messages (time, protocol, listener, client_address, account, upstream, envelope_sender,
                    recipients, message_id, subject, size, attachment_names, verdict, categories, action, scan_ms,
                    quarantine_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        // the writer connection does not fetch generated keys (SqliteConnections): the row id is asked for only
        // when a message has detections, with one statement prepared once
        lastRowId = connection.prepareStatement("SELECT last_insert_rowid()");
        insertDetection = connection.prepareStatement("""
                INSERT INTO detections (message_row_id, time, protocol, account, name, engine, category, path)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
        upsertQuarantine = connection.prepareStatement("""
                INSERT OR REPLACE INTO quarantine (id, time, account, upstream, subject, size, sha256, status,
                    status_time, reasons)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        updateQuarantineStatus = connection.prepareStatement(
                "UPDATE quarantine SET status = ?, status_time = ? WHERE id = ?");
        addStats = connection.prepareStatement("""
                INSERT INTO stats_minute (minute, protocol, bytes_in, bytes_out, messages, detections, sessions)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (minute, protocol) DO UPDATE SET
                    bytes_in = bytes_in + excluded.bytes_in, bytes_out = bytes_out + excluded.bytes_out,
                    messages = messages + excluded.messages, detections = detections + excluded.detections,
                    sessions = sessions + excluded.sessions""");
        insertComponent = connection.prepareStatement("""
                INSERT INTO component_history (time, component, version, action, result, detail)
                VALUES (?, ?, ?, ?, ?, ?)""");
        insertAudit = connection.prepareStatement("""
                INSERT INTO audit (time, actor, action, target, detail, result) VALUES (?, ?, ?, ?, ?, ?)""");
    }

    /** Commits all of {@code events} or, on failure, none of them. */
    void write(List<StoreEvent> events) throws SQLException {
        try {
            for (StoreEvent event : events) {
                switch (event) {
                    case MessageEvent m -> insert(m);
                    case QuarantineEvent.Added q -> insert(q);
                    case QuarantineEvent.StatusChanged s -> update(s);
                    case StatsMinute s -> insert(s);
                    case ComponentEvent c -> insert(c);
                    case AuditEvent a -> insert(a);
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Runs maintenance work on the writer connection in its own transaction. */
    <T> T inTransaction(SqlWork<T> work) throws SQLException {
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private void insert(MessageEvent m) throws SQLException {
        PreparedStatement st = insertMessage;
        st.setLong(1, m.time().toEpochMilli());
        st.setString(2, m.protocol());
        st.setString(3, m.listener());
        st.setString(4, m.clientAddress());
        st.setString(5, m.account());
        st.setString(6, m.upstream());
        st.setString(7, m.envelopeSender());
        st.setString(8, JsonLists.write(m.recipients()));
        st.setString(9, m.messageId());
        st.setString(10, m.subject());
        st.setLong(11, m.size());
        st.setString(12, JsonLists.write(m.attachmentNames()));
        st.setString(13, m.verdict());
        st.setString(14, JsonLists.write(m.categories()));
        st.setString(15, m.action());
        st.setLong(16, m.scanMillis());
        st.setString(17, m.quarantineId());
        st.executeUpdate();
        if (m.detections().isEmpty()) {
            return;
        }
        long rowId;
        try (ResultSet keys = lastRowId.executeQuery()) {
            if (!keys.next()) {
                throw new SQLException("no row id for the inserted message");
            }
            rowId = keys.getLong(1);
        }
        for (DetectedThreat d : m.detections()) {
            insertDetection.setLong(1, rowId);
            insertDetection.setLong(2, m.time().toEpochMilli());
            insertDetection.setString(3, m.protocol());
            insertDetection.setString(4, m.account());
            insertDetection.setString(5, d.name());
            insertDetection.setString(6, d.engine());
            insertDetection.setString(7, d.category());
            insertDetection.setString(8, d.path());
            insertDetection.executeUpdate();
        }
    }

    private void insert(QuarantineEvent.Added q) throws SQLException {
        PreparedStatement st = upsertQuarantine;
        st.setString(1, q.id());
        st.setLong(2, q.time().toEpochMilli());
        st.setString(3, q.account());
        st.setString(4, q.upstream());
        st.setString(5, q.subject());
        st.setLong(6, q.size());
        st.setString(7, q.sha256());
        st.setString(8, q.status());
        st.setLong(9, q.time().toEpochMilli());
        st.setString(10, JsonLists.write(q.reasons()));
        st.executeUpdate();
    }

    private void update(QuarantineEvent.StatusChanged s) throws SQLException {
        updateQuarantineStatus.setString(1, s.status());
        updateQuarantineStatus.setLong(2, s.time().toEpochMilli());
        updateQuarantineStatus.setString(3, s.id());
        updateQuarantineStatus.executeUpdate();
    }

    private void insert(StatsMinute s) throws SQLException {
        PreparedStatement st = addStats;
        st.setLong(1, s.minute().toEpochMilli());
        st.setString(2, s.protocol());
        st.setLong(3, s.bytesIn());
        st.setLong(4, s.bytesOut());
        st.setLong(5, s.messages());
        st.setLong(6, s.detections());
        st.setLong(7, s.sessions());
        st.executeUpdate();
    }

    private void insert(ComponentEvent c) throws SQLException {
        PreparedStatement st = insertComponent;
        st.setLong(1, c.time().toEpochMilli());
        st.setString(2, c.component());
        st.setString(3, c.version());
        st.setString(4, c.action());
        st.setString(5, c.result());
        st.setString(6, c.detail());
        st.executeUpdate();
    }

    private void insert(AuditEvent a) throws SQLException {
        PreparedStatement st = insertAudit;
        st.setLong(1, a.time().toEpochMilli());
        st.setString(2, a.actor());
        st.setString(3, a.action());
        st.setString(4, a.target());
        st.setString(5, a.detail());
        st.setString(6, a.result());
        st.executeUpdate();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
