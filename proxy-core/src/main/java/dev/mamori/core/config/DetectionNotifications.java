package dev.mamori.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;
import java.util.Locale;

/**
 * @param mode           off, each (one mail per detection) or digest (default: at most one mail per interval)
 * @param digestInterval default 15m; at least 1m
 */
public record DetectionNotifications(Mode mode, @JsonDeserialize(using = DurationValue.class) Duration digestInterval) {
    public enum Mode {
        OFF, EACH, DIGEST;

        @JsonCreator
        public static Mode parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a notification mode (allowed: off, each, digest)");
            }
        }

        @JsonValue
        public String yaml() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DetectionNotifications {
        mode = mode == null ? Mode.DIGEST : mode;
        digestInterval = digestInterval == null ? Duration.ofMinutes(15) : digestInterval;
        if (digestInterval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new InvalidFieldException("digestInterval", Durations.format(digestInterval) + " is too short (allowed: 1m or more)");
        }
    }

    public static DetectionNotifications defaults() {
        return new DetectionNotifications(null, null);
    }
}
