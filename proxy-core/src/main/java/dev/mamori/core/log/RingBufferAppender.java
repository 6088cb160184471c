package dev.mamori.core.log;

import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.time.Instant;

/**
 * A Log4j2 appender that copies every event the root logger passes into a {@link LogBuffer}, redacted the same way
 * the log file is ({@link Redaction#text}). It attaches to the root logger of the running configuration and again
 * after every reconfiguration (the data directory is usually known only after Log4j started).
 */
public final class RingBufferAppender extends AbstractAppender {
    static final String NAME = "MamoriDashboardRing";

    private final LogBuffer buffer;

    private RingBufferAppender(LogBuffer buffer) {
        super(NAME, null, null, true, Property.EMPTY_ARRAY);
        this.buffer = buffer;
    }

    @Override
    public void append(LogEvent event) {
        String message = event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
        if (event.getThrown() != null) {
            message = message + " (" + event.getThrown() + ")";
        }
        buffer.append(Instant.ofEpochMilli(event.getTimeMillis()), LogLine.Level.of(event.getLevel().name()),
                shortName(event.getLoggerName()), event.getThreadName(), Redaction.text(message));
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
