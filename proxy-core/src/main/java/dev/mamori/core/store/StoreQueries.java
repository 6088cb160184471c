package dev.mamori.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The read side of the {@link EventStore}: a few read-only connections shared by any number of threads (a query waits
 * for a free connection). Queries see committed batches only. Blocking: call off the event loop.
 */
public final class StoreQueries implements AutoCloseable {
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    StoreQueries(SqliteConnections connections, int size) {
        idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                Connection c = connections.openReader();
                all.add(c);
                idle.add(c);
            }
        } catch (SQLException e) {
            close();
            throw new StoreException("cannot open a read connection: " + e.getMessage(), e);
        }
    }

    /** Detections matching {@code filter}, newest first. */
    public List<DetectionRow> recentDetections(DetectionFilter filter) {
        Where where = new Where().from("time", filter.from()).to("time", filter.to())
                .equal("protocol", filter.protocol()).contains("name", filter.threat())
                .equal("account", filter.account());
        return query("""
                SELECT id, message_row_id, time, protocol, account, name, engine, category, path
                FROM detections""" + where.sql() + " ORDER BY time DESC, id DESC LIMIT ?", where, filter.limit(),
                rs -> new DetectionRow(rs.getLong(1), rs.getLong(2), instant(rs, 3), rs.getString(4), rs.getString(5),
                        new DetectedThreat(rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9))));
    }

    /** Tracked messages matching {@code search}, newest first, each with its detections. */
    public List<StoredMessage> searchMessages(MessageSearch search) {
        Where where = new Where().from("time", search.from()).to("time", search.to())
                .contains("account", search.account()).contains("envelope_sender", search.sender())
                .contains("subject", search.subject()).contains("message_id", search.messageId());
        return withConnection(c -> {
            List<StoredMessage> found = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT id, time, protocol, listener, client_address, account, upstream, envelope_sender,
                        recipients, message_id, subject, size, attachment_names, verdict, categories, action, scan_ms,
                        quarantine_id
                    FROM messages""" + where.sql() + " ORDER BY time DESC, id DESC LIMIT ?")) {
                st.setInt(where.bind(st), search.limit());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        found.add(new StoredMessage(rs.getLong(1), new MessageEvent(instant(rs, 2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                JsonLists.read(rs.getString(9)), rs.getString(10), rs.getString(11), rs.getLong(12),
                                JsonLists.read(rs.getString(13)), rs.getString(14), JsonLists.read(rs.getString(15)),
                                rs.getString(16), rs.getLong(17), rs.getString(18), List.of())));
                    }
                }
            }
            Map<Long, List<DetectedThreat>> detections = detectionsOf(c, found);
            return found.stream().map(m -> withDetections(m, detections.getOrDefault(m.rowId(), List.of()))).toList();
        });
    }

    private static StoredMessage withDetections(StoredMessage stored, List<DetectedThreat> detections) {
        MessageEvent m = stored.message();
        return new StoredMessage(stored.rowId(), new MessageEvent(m.time(), m.protocol(), m.listener(),
                m.clientAddress(), m.account(), m.upstream(), m.envelopeSender(), m.recipients(), m.messageId(),
                m.subject(), m.size(), m.attachmentNames(), m.verdict(), m.categories(), m.action(), m.scanMillis(),
                m.quarantineId(), detections));
    }

    /** Per-minute rows with {@code from <= minute < to}, oldest first; {@code protocol == null} for every protocol. */
    public List<StatsMinute> statsHistory(String protocol, Instant from, Instant to) {
        Where where = new Where().equal("protocol", protocol).from("minute", from).to("minute", to);
        return query("""
                SELECT minute, protocol, bytes_in, bytes_out, messages, detections, sessions
                FROM stats_minute""" + where.sql() + " ORDER BY minute, protocol LIMIT ?", where, Limits.MAX_ROWS,
                rs -> new StatsMinute(instant(rs, 1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7)));
    }

    /**
     * The newest {@code limit} per-minute rows with {@code from <= minute < to} (either may be {@code null}), returned
     * oldest first; {@code protocol == null} for every protocol. A chart wants the recent end of a range, so when more
     * rows match than {@code limit}, the oldest are the ones left out.
     */
    public List<StatsMinute> statsHistory(String protocol, Instant from, Instant to, int limit) {
        Limits.check(limit);
        Where where = new Where().equal("protocol", protocol).from("minute", from).to("minute", to);
        List<StatsMinute> newestFirst = query("""
                SELECT minute, protocol, bytes_in, bytes_out, messages, detections, sessions
                FROM stats_minute""" + where.sql() + " ORDER BY minute DESC, protocol DESC LIMIT ?", where, limit,
                rs -> new StatsMinute(instant(rs, 1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7)));
        List<StatsMinute> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /**
     * Scan times per minute of the tracked messages with {@code from <= time < to} (either may be {@code null}): the
     * newest {@code limit} minutes that had messages, returned oldest first. Percentiles are nearest-rank (the value
     * at rank ceil(p * n) of the minute's n scan times).
     */
    public List<ScanMinute> scanTimesPerMinute(Instant from, Instant to, int limit) {
        Limits.check(limit);
        Where where = new Where().from("time", from).to("time", to);
        List<ScanMinute> newestFirst = query("""
                SELECT minute, COUNT(*), AVG(scan_ms),
                    MAX(CASE WHEN pos = (n * 50 + 99) / 100 THEN scan_ms END),
                    MAX(CASE WHEN pos = (n * 99 + 99) / 100 THEN scan_ms END),
                    MAX(scan_ms)
                FROM (SELECT (time / 60000) * 60000 AS minute, scan_ms,
                        ROW_NUMBER() OVER (PARTITION BY time / 60000 ORDER BY scan_ms) AS pos,
                        COUNT(*) OVER (PARTITION BY time / 60000) AS n
                      FROM messages""" + where.sql() + """
                )
                GROUP BY minute ORDER BY minute DESC LIMIT ?""", where, limit,
                rs -> new ScanMinute(instant(rs, 1), rs.getLong(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)));
        List<ScanMinute> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** Quarantine index entries, newest first; {@code status == null} for every status. */
    public List<QuarantineRow> quarantine(String status, int limit) {
        Limits.check(limit);
        Where where = new Where().equal("status", status);
        return query("""
                SELECT id, time, account, upstream, subject, size, sha256, status, status_time, reasons
                FROM quarantine""" + where.sql() + " ORDER BY time DESC, id DESC LIMIT ?", where, limit,
                rs -> new QuarantineRow(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), instant(rs, 9),
                        JsonLists.read(rs.getString(10))));
    }

    /** Audit entries with {@code from <= time < to} (either may be {@code null}), newest first. */
    public List<AuditEvent> auditLog(Instant from, Instant to, String actor, int limit) {
        Limits.check(limit);
        Where where = new Where().from("time", from).to("time", to).equal("actor", actor);
        return query("SELECT time, actor, action, target, detail, result FROM audit" + where.sql()
                        + " ORDER BY time DESC, id DESC LIMIT ?", where, limit,
                rs -> new AuditEvent(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
    }

    /** Component changes, newest first; {@code component == null} for every component. */
    public List<ComponentEvent> componentHistory(String component, int limit) {
        Limits.check(limit);
        Where where = new Where().equal("component", component);
        return query("SELECT time, component, version, action, result, detail FROM component_history" + where.sql()
                        + " ORDER BY time DESC, id DESC LIMIT ?", where, limit,
                rs -> new ComponentEvent(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
    }

    private static Map<Long, List<DetectedThreat>> detectionsOf(Connection c, List<StoredMessage> messages)
            throws SQLException {
        Map<Long, List<DetectedThreat>> byMessage = new HashMap<>();
        if (messages.isEmpty()) {
            return byMessage;
        }
        String marks = String.join(",", Collections.nCopies(messages.size(), "?"));
        try (PreparedStatement st = c.prepareStatement("SELECT message_row_id, name, engine, category, path"
                + " FROM detections WHERE message_row_id IN (" + marks + ") ORDER BY id")) {
            for (int i = 0; i < messages.size(); i++) {
                st.setLong(i + 1, messages.get(i).rowId());
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    byMessage.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(
                            new DetectedThreat(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return byMessage;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> List<T> query(String sql, Where where, int limit, RowMapper<T> mapper) {
        return withConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setInt(where.bind(st), limit);
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(mapper.map(rs));
                    }
                }
                return rows;
            }
        });
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        if (closed) {
            throw new StoreException("the event store is closed");
        }
        Connection c;
        try {
            c = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a read connection", e);
        }
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("event store query failed: " + e.getMessage(), e);
        } finally {
            idle.add(c);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }

    /** Closes the connections; a query running now finishes on its connection, later ones are refused. */
    @Override
    public void close() {
        closed = true;
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing a read-only connection loses nothing.
            }
        }
    }
}
