package dev.mamori.smtp.policy;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what one class logs at WARN and above while a test runs. */
final class CapturedLog extends AbstractAppender implements AutoCloseable {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final String loggerName;

    private CapturedLog(String loggerName) {
        super("captured-" + loggerName, null, null, true, Property.EMPTY_ARRAY);
        this.loggerName = loggerName;
    }

    static CapturedLog of(Class<?> type) {
        CapturedLog log = new CapturedLog(type.getName());
        log.start();
        LoggerContext ctx = LoggerContext.getContext(false);
        Configuration config = ctx.getConfiguration();
        LoggerConfig logger = new LoggerConfig(type.getName(), Level.WARN, false);
        logger.addAppender(log, Level.WARN, null);
        config.addLogger(type.getName(), logger);
        ctx.updateLoggers();
        return log;
    }

    @Override
    public void append(LogEvent event) {
        messages.add(event.getMessage().getFormattedMessage());
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        LoggerContext ctx = LoggerContext.getContext(false);
        ctx.getConfiguration().removeLogger(loggerName);
        ctx.updateLoggers();
        stop();
    }
}
