package dev.mamori.core.log;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** One server log line, already redacted. */
public record LogLine(long sequence, Instant time, Level level, String logger, String thread, String message) {
    /** Log levels as the dashboard filters them, most severe first. */
    public enum Level {
        ERROR, WARN, INFO, DEBUG, TRACE;

        /** {@code FATAL} counts as {@code ERROR}; unknown words as {@code INFO}. */
        public static Level of(String word) {
            String w = word == null ? "" : word.trim().toUpperCase(Locale.ROOT);
            return switch (w) {
                case "FATAL", "ERROR" -> ERROR;
                case "WARN", "WARNING" -> WARN;
                case "DEBUG" -> DEBUG;
                case "TRACE", "ALL" -> TRACE;
                default -> INFO;
            };
        }

        /** Whether a line of this level passes a filter set to {@code threshold}. */
        public boolean atLeast(Level threshold) {
            return ordinal() <= threshold.ordinal();
        }
    }

    public LogLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }
}
