package dev.mamori.core.config;

import java.time.Duration;

/**
 * Validation helpers for the config records. Every failure is an {@link InvalidFieldException} naming the field;
 * its text says what is wrong, then in parentheses what is allowed, which is how {@link ConfigProblem} splits it.
 */
final class Checks {
    static final String NAME_SYNTAX = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";
    static final String NAME_RULE = "1-63 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private Checks() {
    }

    static <T> T required(String field, T value, String allowed) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required (" + allowed + ")");
        }
        return value;
    }

    static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidFieldException(field, value + " is out of range (allowed: " + min + " to " + max + ")");
        }
    }

    static void positive(String field, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new InvalidFieldException(field, Durations.format(d) + " is not a positive duration (examples: 30s, 10m)");
        }
    }

    static void size(String field, DataSize s, long min, long max) {
        if (s.bytes() < min || s.bytes() > max) {
            throw new InvalidFieldException(field, s + " is out of range (allowed: " + DataSize.ofBytes(min) + " to " + DataSize.ofBytes(max) + ")");
        }
    }

    static String name(String field, String value) {
        required(field, value, NAME_RULE);
        if (!value.matches(NAME_SYNTAX)) {
            throw new InvalidFieldException(field, "'" + value + "' is not a valid name (allowed: " + NAME_RULE + ")");
        }
        return value;
    }
}
