/**
 * The event store: one SQLite database ({@code <dataDir>/mamori.db}, WAL) holding message tracking, detections, the
 * quarantine index, per-minute statistics, component history and the audit log. Producers call
 * {@link dev.mamori.core.store.EventStore#record} (never blocks; overflow is counted); a single writer thread commits
 * events in batches; queries run on separate read connections.
 */
package dev.mamori.core.store;
