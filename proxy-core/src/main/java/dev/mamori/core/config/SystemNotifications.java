package dev.mamori.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;

/**
 * @param enabled                  default true
 * @param upstreamUnreachableAfter an upstream failing for this long is reported; default 10m
 * @param diskFreeBelow            the data directory's file system with less free space than this is reported;
 *                                 written {@code 10%} (default) or a number of percent
 */
public record SystemNotifications(Boolean enabled,
                                  @JsonDeserialize(using = DurationValue.class) Duration upstreamUnreachableAfter,
                                  Percent diskFreeBelow) {
    /** A whole percentage 1-99, written {@code 10%} or {@code 10}. */
    public record Percent(int value) {
        public Percent {
            if (value < 1 || value > 99) {
                throw new IllegalArgumentException(value + "% is out of range (allowed: 1% to 99%)");
            }
        }

        @JsonCreator
        public static Percent parse(String text) {
            String t = text.trim();
            if (t.endsWith("%")) {
                t = t.substring(0, t.length() - 1).trim();
            }
            try {
                return new Percent(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a percentage (example: 10%)");
            }
        }

        @com.fasterxml.jackson.annotation.JsonValue
        @Override
        public String toString() {
            return value + "%";
        }
    }

    public SystemNotifications {
        enabled = enabled == null || enabled;
        upstreamUnreachableAfter = upstreamUnreachableAfter == null ? Duration.ofMinutes(10) : upstreamUnreachableAfter;
        Checks.positive("upstreamUnreachableAfter", upstreamUnreachableAfter);
        diskFreeBelow = diskFreeBelow == null ? new Percent(10) : diskFreeBelow;
    }

    public static SystemNotifications defaults() {
        return new SystemNotifications(null, null, null);
    }
}
