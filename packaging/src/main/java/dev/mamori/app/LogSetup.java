package dev.mamori.app;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

import java.nio.file.Path;

/**
 * Points the log configuration's rolling file at {@code <dataDir>/logs}. The configuration reads the system property
 * {@value #LOG_DIR_PROPERTY} when it is built, and Log4j is usually running already by the time the data directory
 * is known (Netty, used to validate addresses in the config, logs through it), so the configuration is rebuilt.
 * Its file appender creates files on demand, so nothing was written to the old location.
 */
final class LogSetup {
    static final String LOG_DIR_PROPERTY = "mamori.logDir";

    private LogSetup() {
    }

    /** Adds the RFC 5424 syslog output when {@code logging.syslog} is enabled (after {@link #useLogDirectory}). */
    static void addSyslog(dev.mamori.core.config.SyslogSettings syslog, Path dataDir)
            throws java.io.IOException, java.security.GeneralSecurityException {
        if (syslog.enabled() && LogManager.getContext(false) instanceof LoggerContext context) {
            dev.mamori.app.log.SyslogOutput.install(context, syslog, dataDir);
        }
    }

    static void useLogDirectory(Path logDir) {
        System.setProperty(LOG_DIR_PROPERTY, logDir.toString());
        if (LogManager.getContext(false) instanceof LoggerContext context && context.isStarted()) {
            context.reconfigure();
        }
    }
}
