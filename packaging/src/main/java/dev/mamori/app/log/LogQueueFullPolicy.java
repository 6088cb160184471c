package dev.mamori.app.log;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.async.AsyncQueueFullPolicy;
import org.apache.logging.log4j.core.async.EventRoute;
import org.apache.logging.log4j.status.StatusLogger;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the log's asynchronous stage ({@code <Async name="Async">} in {@code conf/log4j2.xml}) does with an event when
 * its bounded queue is full; selected by {@code log4j2.asyncQueueFullPolicy} in {@code log4j2.component.properties}.
 * The logging thread never waits for room in the queue, so a flood of log lines cannot stall a Netty event loop:
 * <ul>
 *   <li>INFO and less severe events are dropped and counted; a status message on standard error reports the count,
 *       at most once every {@link #REPORT_INTERVAL_NANOS} ns (Log4j's own status logger: logging it through Log4j
 *       would only add to the flood);</li>
 *   <li>WARN, ERROR and FATAL are never dropped: they are written by the calling thread itself, as every event was
 *       before the asynchronous stage existed (so they may appear before older INFO lines still in the queue);</li>
 *   <li>an event logged by the background thread itself (an appender's own complaint) is written at once, as in
 *       Log4j's default policy, because waiting for the queue there would deadlock.</li>
 * </ul>
 */
public final class LogQueueFullPolicy implements AsyncQueueFullPolicy {
    static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final AtomicLong DISCARDED = new AtomicLong();
    private static final AtomicLong LAST_REPORT = new AtomicLong(System.nanoTime() - REPORT_INTERVAL_NANOS);

    /** Public and without arguments: Log4j instantiates it by class name. */
    public LogQueueFullPolicy() {
    }

    @Override
    public EventRoute getRoute(long backgroundThreadId, Level level) {
        if (Thread.currentThread().threadId() == backgroundThreadId) {
            return EventRoute.SYNCHRONOUS;
        }
        if (level.isMoreSpecificThan(Level.WARN)) {
            return EventRoute.SYNCHRONOUS;
        }
        long total = DISCARDED.incrementAndGet();
        long now = System.nanoTime();
        long last = LAST_REPORT.get();
        if (now - last >= REPORT_INTERVAL_NANOS && LAST_REPORT.compareAndSet(last, now)) {
            StatusLogger.getLogger().warn("Mamori log queue full: {} INFO, DEBUG or TRACE event(s) dropped since start"
                    + " (WARN and ERROR are written directly and never dropped)", total);
        }
        return EventRoute.DISCARD;
    }

    /** INFO and less severe events dropped since the process started because the queue was full. */
    public static long discarded() {
        return DISCARDED.get();
    }
}
