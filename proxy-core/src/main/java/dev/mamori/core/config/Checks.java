package dev.mamori.core.config;

import java.time.Duration;

/** Validation helpers for the config records; each failure names the field and what is allowed. */
final class Checks {
    private Checks() {
    }

    static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range (allowed " + min + " to " + max + ")");
        }
    }

    static void positive(String field, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration (examples: 30s, 10m)");
        }
    }

    static void size(String field, DataSize s, long min, long max) {
        if (s.bytes() < min || s.bytes() > max) {
            throw new IllegalArgumentException(field + " = " + s + " is out of range (allowed " + DataSize.ofBytes(min) + " to " + DataSize.ofBytes(max) + ")");
        }
    }
}
