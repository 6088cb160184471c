package dev.mamori.core.config;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One thing wrong with a configuration file, worded for the person editing it.
 *
 * @param source   the file as the user named it, e.g. {@code sample-configs/quickstart.yaml}
 * @param location the field path ({@code pop3.listeners[0].bind}); for a file that is not valid YAML the line and
 *                 column; empty when the problem concerns the whole file
 * @param problem  what is wrong, e.g. {@code 'x' is not host:port}
 * @param allowed  what would be accepted, e.g. {@code examples: 127.0.0.1:11110, [::1]:110}; may be empty
 */
public record ConfigProblem(String source, String location, String problem, String allowed) {
    /** A trailing parenthesis is, by the convention of the config package, the "what is allowed" part. */
    private static final Pattern TRAILING_HINT = Pattern.compile("(?s)(.*\\S)\\s*\\(([^()]+)\\)");

    public ConfigProblem {
        Objects.requireNonNull(source, "source");
        location = location == null ? "" : location;
        Objects.requireNonNull(problem, "problem");
        allowed = allowed == null ? "" : allowed;
    }

    /** Splits a message written as "what is wrong (what is allowed)". */
    public static ConfigProblem of(String source, String location, String message) {
        Matcher m = TRAILING_HINT.matcher(message.strip());
        if (m.matches()) {
            return new ConfigProblem(source, location, m.group(1), m.group(2).strip());
        }
        return new ConfigProblem(source, location, message.strip(), "");
    }

    /** {@code source: location: problem (allowed)}, one line. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(source).append(": ");
        if (!location.isEmpty()) {
            b.append(location).append(": ");
        }
        b.append(problem);
        if (!allowed.isEmpty()) {
            b.append(" (").append(allowed).append(')');
        }
        return b.toString();
    }
}
