package dev.mamori.core.store;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event store: {@code <dataDir>/mamori.db}. Any thread, including an event loop, may {@link #record} an event: it
 * is offered to a bounded queue and never waits; when the queue is full the event is dropped and counted. One writer
 * thread commits queued events in batches of up to {@link StoreOptions#maxBatch()} per transaction. Queries run on
 * separate read connections and see only committed batches.
 */
public final class EventStore implements AutoCloseable {
    public static final String FILE_NAME = "mamori.db";

    private static final Logger LOG = LogManager.getLogger(EventStore.class);
    private static final long DROP_LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    /**
     * Events and writer tasks share one queue so that a task runs after every event queued before it: that is what
     * makes {@link #flush} and {@link #close} exact. Elements are {@link StoreEvent} or {@link WriterTask}.
     */
    private final BlockingQueue<Object> queue;
    private final StoreOptions options;
    private final Path file;
    private final BatchWriter writer;
    private final StoreQueries queries;
    private final Thread writerThread;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final AtomicLong nextDropLog = new AtomicLong(System.nanoTime());
    /** Cleared by close() and when the writer ends: events recorded after that could never be written. */
    private volatile boolean accepting = true;
    private final AtomicBoolean closed = new AtomicBoolean();

    private record WriterTask(BatchWriter.SqlWork<?> work, CompletableFuture<Object> done) {
    }

    private EventStore(Path dataDir, StoreOptions options, boolean startWriter) {
        this.options = options;
        this.file = dataDir.resolve(FILE_NAME);
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        SqliteConnections connections = new SqliteConnections(file, options.busyTimeout());
        Connection connection = null;
        try {
            Files.createDirectories(dataDir);
            connection = connections.openWriter();
            Migrations.migrate(connection, file.toString(), Migrations.CURRENT_VERSION);
            this.writer = new BatchWriter(connection);
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open the event store " + file + ": " + e.getMessage(), e);
        }
        try {
            this.queries = new StoreQueries(connections, options.readConnections());
        } catch (StoreException e) {
            closeQuietly(writer);
            throw e;
        }
        this.writerThread = Thread.ofPlatform().name("mamori-store-writer").daemon().unstarted(this::runWriter);
        if (startWriter) {
            writerThread.start();
        }
    }

    /** Opens or creates the store in {@code dataDir} with default options, migrating an older schema. */
    public static EventStore open(Path dataDir) {
        return open(dataDir, StoreOptions.defaults());
    }

    /**
     * Opens or creates the store, migrating an older schema.
     *
     * @throws NewerSchemaException when the database was written by a newer Mamori
     * @throws StoreException       when the file cannot be opened or migrated
     */
    public static EventStore open(Path dataDir, StoreOptions options) {
        return new EventStore(dataDir, options, true);
    }

    /** For tests that need a full queue: the writer starts only at {@link #startWriter()}. */
    static EventStore openWithWriterStopped(Path dataDir, StoreOptions options) {
        return new EventStore(dataDir, options, false);
    }

    void startWriter() {
        writerThread.start();
    }

    /**
     * Queues {@code event} for the writer without waiting.
     *
     * @return {@code false} when it was dropped (queue full or store closed); drops are counted in
     *         {@link #droppedEvents()}
     */
    public boolean record(StoreEvent event) {
        if (accepting && queue.offer(event)) {
            return true;
        }
        dropped.increment();
        logDropAtMostOnceAMinute();
        return false;
    }

    /** Events refused by {@link #record} since opening. */
    public long droppedEvents() {
        return dropped.sum();
    }

    /** Events whose batch failed to commit (logged when it happens). */
    public long failedEvents() {
        return failed.sum();
    }

    /** Events committed since opening. */
    public long writtenEvents() {
        return written.sum();
    }

    /** Events waiting for the writer. */
    public int queuedEvents() {
        return queue.size();
    }

    public Path file() {
        return file;
    }

    /** Waits until every event queued before this call is committed (or has failed and been counted). Blocking. */
    public void flush() {
        runOnWriter(connection -> null);
    }

    /**
     * Deletes rows older than the configured durations, each table in its own transaction, on the writer thread (so
     * deletes never race the writer for the lock). Blocking: call off the event loop.
     */
    public RetentionSettings.Result applyRetention(RetentionSettings settings) {
        Instant now = options.clock().instant();
        return runOnWriter(connection -> new RetentionSettings.Result(
                deleteOlder(connection, "messages", "time", now.minus(settings.messages())),
                deleteOlder(connection, "detections", "time", now.minus(settings.detections())),
                deleteOlder(connection, "stats_minute", "minute", now.minus(settings.stats())),
                deleteOlder(connection, "audit", "time", now.minus(settings.audit())),
                deleteOlder(connection, "component_history", "time", now.minus(settings.componentHistory()))));
    }

    private static int deleteOlder(Connection connection, String table, String column, Instant cutoff)
            throws SQLException {
        // Table and column are our own constants, never input.
        try (PreparedStatement st = connection.prepareStatement(
                "DELETE FROM " + table + " WHERE " + column + " < ?")) {
            st.setLong(1, cutoff.toEpochMilli());
            int deleted = st.executeUpdate();
            connection.commit();
            return deleted;
        }
    }

    /** Read side: filtered listings of what has been committed. Safe from any thread; blocking. */
    public StoreQueries queries() {
        return queries;
    }

    /** Commits everything queued, stops the writer and closes every connection. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        accepting = false;
        try {
            if (writerThread.isAlive()) {
                runOnWriter(connection -> {
                    throw new StopWriter();
                });
                writerThread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(writer);
            queries.close();
        }
    }

    /** Thrown by the stop task so the writer loop ends after everything queued before it. */
    private static final class StopWriter extends RuntimeException {
        StopWriter() {
            super(null, null, false, false);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T runOnWriter(BatchWriter.SqlWork<T> work) {
        if (!writerThread.isAlive() && writerThread.getState() != Thread.State.NEW) {
            throw new StoreException("the event store writer has stopped");
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        try {
            queue.put(new WriterTask(work, done));
            return (T) done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the event store writer", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StopWriter) {
                return null;
            }
            throw new StoreException("event store task failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void runWriter() {
        List<StoreEvent> batch = new ArrayList<>(options.maxBatch());
        try {
            while (true) {
                Object next = queue.take();
                do {
                    if (next instanceof WriterTask task) {
                        writeBatch(batch);
                        if (!runTask(task)) {
                            return;
                        }
                    } else {
                        batch.add((StoreEvent) next);
                        if (batch.size() == options.maxBatch()) {
                            writeBatch(batch);
                        }
                    }
                    next = queue.poll();
                } while (next != null);
                writeBatch(batch);
            }
        } catch (InterruptedException e) {
            LOG.warn("event store writer interrupted; {} queued events not written", queue.size());
        } finally {
            abandonQueued();
        }
    }

    /**
     * Whatever is still queued when the writer ends (a record() that raced close(), or a writer killed by an Error)
     * will never be written: count the events as dropped and fail the tasks so no caller waits forever.
     */
    private void abandonQueued() {
        accepting = false;
        Object left;
        while ((left = queue.poll()) != null) {
            if (left instanceof WriterTask task) {
                task.done().completeExceptionally(new StoreException("the event store writer has stopped"));
            } else {
                dropped.increment();
            }
        }
    }

    /** Runs a task; {@code false} when it was the stop task. */
    private boolean runTask(WriterTask task) {
        try {
            task.done().complete(writer.inTransaction(task.work()));
            return true;
        } catch (StopWriter stop) {
            task.done().completeExceptionally(stop);
            return false;
        } catch (SQLException | RuntimeException e) {
            task.done().completeExceptionally(e);
            return true;
        }
    }

    private void writeBatch(List<StoreEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            writer.write(batch);
            written.add(batch.size());
        } catch (SQLException | RuntimeException e) {
            failed.add(batch.size());
            LOG.error("event store: a batch of {} events could not be written ({} so far): {}", batch.size(),
                    failed.sum(), e.getMessage(), e);
        } finally {
            batch.clear();
        }
    }

    private void logDropAtMostOnceAMinute() {
        long now = System.nanoTime();
        long next = nextDropLog.get();
        if (now - next >= 0 && nextDropLog.compareAndSet(next, now + DROP_LOG_INTERVAL_NANOS)) {
            LOG.warn("event store queue full or closed: events are being dropped ({} so far); logged at most once a"
                    + " minute", dropped.sum());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("event store: closing failed: {}", e.getMessage());
        }
    }
}
