package dev.mamori.core.config;

/**
 * Log outputs besides the console and the log files ({@code conf/log4j2.xml}).
 *
 * @param syslog RFC 5424 syslog; disabled by default
 */
public record LoggingSettings(SyslogSettings syslog) {
    public LoggingSettings {
        syslog = syslog == null ? SyslogSettings.disabled() : syslog;
    }

    public static LoggingSettings defaults() {
        return new LoggingSettings(null);
    }
}
