package dev.mamori.smtp.session;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Captures everything Mamori's classes log, at every level, while open. */
final class LogCapture implements AutoCloseable {
    private static final String ROOT = "dev.mamori";
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context;

    LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = context.getConfiguration();
        AbstractAppender appender = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        LoggerConfig lc = LoggerConfig.newBuilder().withLoggerName(ROOT).withLevel(Level.ALL).withAdditivity(false)
                .withConfig(cfg).build();
        lc.addAppender(appender, Level.ALL, null);
        cfg.addLogger(ROOT, lc);
        context.updateLoggers();
    }

    String all() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(ROOT);
        context.updateLoggers();
    }
}
