package dev.mamori.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte count written the way people write it in a config file: {@code 512}, {@code 64KiB}, {@code 20MB},
 * {@code 1GiB}. Units are binary whatever their spelling ({@code MB} = {@code MiB} = 1024 * 1024): mail sizes are
 * bounds, not marketing, and one meaning per letter is easier to document than two.
 */
public record DataSize(long bytes) {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*([kmgt]?i?b?)", Pattern.CASE_INSENSITIVE);
    private static final String EXAMPLES = "examples: 4096, 64KiB, 20MB, 1GiB";

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException(bytes + " is a negative size (" + EXAMPLES + ")");
        }
    }

    @JsonCreator
    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    public static DataSize ofKiB(long k) {
        return new DataSize(Math.multiplyExact(k, 1024L));
    }

    public static DataSize ofMiB(long m) {
        return new DataSize(Math.multiplyExact(m, 1024L * 1024));
    }

    @JsonCreator
    public static DataSize parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (" + EXAMPLES + ")");
        }
        long factor = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kb", "kib", "ki" -> 1L << 10;
            case "m", "mb", "mib", "mi" -> 1L << 20;
            case "g", "gb", "gib", "gi" -> 1L << 30;
            case "t", "tb", "tib", "ti" -> 1L << 40;
            default -> throw new IllegalArgumentException("'" + text + "' has an unknown unit (allowed: B, KiB, MiB, GiB, TiB)");
        };
        try {
            return new DataSize(Math.multiplyExact(Long.parseLong(m.group(1)), factor));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large (allowed: up to 8191TiB)");
        }
    }

    public int toIntBytes() {
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    @JsonValue
    @Override
    public String toString() {
        if (bytes != 0 && bytes % (1L << 40) == 0) return (bytes >> 40) + "TiB";
        if (bytes != 0 && bytes % (1L << 30) == 0) return (bytes >> 30) + "GiB";
        if (bytes != 0 && bytes % (1L << 20) == 0) return (bytes >> 20) + "MiB";
        if (bytes != 0 && bytes % (1L << 10) == 0) return (bytes >> 10) + "KiB";
        return Long.toString(bytes);
    }
}
