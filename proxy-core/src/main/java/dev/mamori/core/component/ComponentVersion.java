package dev.mamori.core.component;

import java.util.Arrays;
import java.util.Objects;

/**
 * A component version: 1 to 6 dot-separated decimal numbers without leading zeros, each at most 9 digits, e.g.
 * {@code 2026.11.25.1} (date and build of the day) or {@code 1.4.0} (semantic). Versions compare number by number;
 * when one is a prefix of the other, the shorter is lower ({@code 1.2 < 1.2.0 < 1.2.1}). Leading zeros are refused
 * so that two different texts never name the same version: the order is total and agrees with {@code equals}.
 */
public final class ComponentVersion implements Comparable<ComponentVersion> {
    private static final int MAX_FIELDS = 6;
    private static final int MAX_DIGITS = 9;
    private final long[] fields;
    private final String text;

    private ComponentVersion(long[] fields, String text) {
        this.fields = fields;
        this.text = text;
    }

    /** Parses a version; the message of the exception says what is wrong and what is allowed. */
    public static ComponentVersion parse(String text) {
        Objects.requireNonNull(text, "version");
        String[] parts = text.split("\\.", -1);
        if (text.isEmpty() || parts.length > MAX_FIELDS) {
            throw invalid(text, "needs 1 to " + MAX_FIELDS + " numbers separated by dots");
        }
        long[] fields = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > MAX_DIGITS || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid(text, "'" + p + "' is not a number of 1 to " + MAX_DIGITS + " digits");
            }
            if (p.length() > 1 && p.charAt(0) == '0') {
                throw invalid(text, "'" + p + "' has a leading zero (write " + Long.parseLong(p) + ")");
            }
            fields[i] = Long.parseLong(p);
        }
        return new ComponentVersion(fields, text);
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("version '" + text + "': " + why
                + " (examples: 2026.11.25.1, 1.4.0)");
    }

    /** True when {@code text} is a valid version. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public int compareTo(ComponentVersion o) {
        int n = Math.min(fields.length, o.fields.length);
        for (int i = 0; i < n; i++) {
            int c = Long.compare(fields[i], o.fields[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(fields.length, o.fields.length);
    }

    public boolean isNewerThan(ComponentVersion o) {
        return compareTo(o) > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComponentVersion v && Arrays.equals(fields, v.fields);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
        return text;
    }
}
