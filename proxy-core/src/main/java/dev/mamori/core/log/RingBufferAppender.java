package dev.mamori.core.log;

import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Log4j2 appender that copies every event the root logger passes into a {@link LogBuffer}, redacted the same way
 * the log file is ({@link Redaction#text}). It attaches to the root logger of the running configuration and again
 * after every reconfiguration (the data directory is usually known only after Log4j started).
 *
 * <p>The logging thread (often a Netty event loop) only formats the message and queues it; one daemon thread redacts
 * the queued lines (eight regular expressions a line) and appends them to the buffer, which calls the buffer's
 * listeners there too. A line reaches the tail a moment after the call that logged it. When more than
 * {@value #QUEUE_LINES} lines wait, new ones are not kept in the tail (the log file still gets them) and the next line
 * that is kept is preceded by a warning that says how many were skipped.
 */
public final class RingBufferAppender extends AbstractAppender {
    static final String NAME = "MamoriDashboardRing";

    /** Lines waiting for redaction; beyond this the tail skips lines rather than hold up the logging thread. */
    static final int QUEUE_LINES = 4096;

    private final LogBuffer buffer;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
    private final AtomicLong skipped = new AtomicLong();
    private final Thread redactor;

    private record Pending(long millis, LogLine.Level level, String logger, String thread, String message) {
    }

    private RingBufferAppender(LogBuffer buffer) {
        super(NAME, null, null, true, Property.EMPTY_ARRAY);
        this.buffer = buffer;
        this.redactor = Thread.ofPlatform().daemon().name("mamori-log-tail").unstarted(this::drain);
    }

    @Override
    public void append(LogEvent event) {
        String message = event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
        if (event.getThrown() != null) {
            message = message + " (" + event.getThrown() + ")";
        }
        Pending p = new Pending(event.getTimeMillis(), LogLine.Level.of(event.getLevel().name()),
                shortName(event.getLoggerName()), event.getThreadName(), message);
        if (!queue.offer(p)) {
            skipped.incrementAndGet();
        }
    }

    private void drain() {
        try {
            while (true) {
                Pending p = queue.take();
                long lost = skipped.getAndSet(0);
                if (lost > 0) {
                    buffer.append(Instant.ofEpochMilli(p.millis()), LogLine.Level.WARN, "RingBufferAppender",
                            redactor.getName(), lost + " log line(s) were not kept in this tail (too many at once); "
                                    + "the log file has them");
                }
                buffer.append(Instant.ofEpochMilli(p.millis()), p.level(), p.logger(), p.thread(),
                        Redaction.text(p.message()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        super.start();
        redactor.start();
    }

    @Override
    public boolean stop(long timeout, java.util.concurrent.TimeUnit timeUnit) {
        redactor.interrupt();
        return super.stop(timeout, timeUnit);
    }

    private static String shortName(String logger) {
        if (logger == null) {
            return "";
        }
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }

    /** Feeds {@code buffer} from the current Log4j context, now and after each reconfiguration; the handle detaches. */
    public static AutoCloseable install(LogBuffer buffer) {
        if (!(org.apache.logging.log4j.LogManager.getContext(false) instanceof LoggerContext context)) {
            buffer.append(Instant.now(), LogLine.Level.WARN, "dashboard", Thread.currentThread().getName(),
                    "The log tail is not available: Log4j Core is not the logging back end of this process");
            return () -> { };
        }
        RingBufferAppender appender = new RingBufferAppender(buffer);
        appender.start();
        attach(context.getConfiguration(), appender);
        context.updateLoggers();
        java.beans.PropertyChangeListener reattach = e -> {
            if (LoggerContext.PROPERTY_CONFIG.equals(e.getPropertyName()) && e.getNewValue() instanceof Configuration c) {
                attach(c, appender);
                context.updateLoggers();
            }
        };
        context.addPropertyChangeListener(reattach);
        return () -> {
            context.removePropertyChangeListener(reattach);
            LoggerConfig root = context.getConfiguration().getRootLogger();
            root.removeAppender(NAME);
            context.updateLoggers();
            appender.stop();
        };
    }

    private static void attach(Configuration configuration, Appender appender) {
        LoggerConfig root = configuration.getRootLogger();
        if (!root.getAppenders().containsKey(NAME)) {
            root.addAppender(appender, null, null);
        }
    }
}
