package dev.mamori.core.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the short duration syntax of the config file: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h},
 * {@code 1d}, or ISO-8601 {@code PT10M}. Units are lower case only, so {@code 10M} cannot be mistaken for months.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)");
    private static final String EXAMPLES = "examples: 500ms, 30s, 10m, 2h, 1d";

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.trim();
        Matcher m = SHORT.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration (" + EXAMPLES + ")");
        } catch (RuntimeException e) {
            // a malformed ISO-8601 text: reported below like any other unreadable value
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration (" + EXAMPLES + ")");
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms != 0) return ms / 86_400_000L + "d";
        if (ms % 3_600_000L == 0 && ms != 0) return ms / 3_600_000L + "h";
        if (ms % 60_000L == 0 && ms != 0) return ms / 60_000L + "m";
        if (ms % 1000L == 0) return ms / 1000L + "s";
        return ms + "ms";
    }
}
