package dev.mamori.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A byte count written the way people write it in a config file: {@code 512}, {@code 64KiB}, {@code 20MB}, {@code 1GiB}. */
public record DataSize(long bytes) {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*([kmgt]?i?b?)?", Pattern.CASE_INSENSITIVE);

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("size must not be negative: " + bytes);
        }
    }

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
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 4096, 64KiB, 20MB, 1GiB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        long factor = switch (unit) {
            case "", "b" -> 1L;
            case "k", "kb", "kib", "ki" -> 1024L;
            case "m", "mb", "mib", "mi" -> 1024L * 1024;
            case "g", "gb", "gib", "gi" -> 1024L * 1024 * 1024;
            case "t", "tb", "tib", "ti" -> 1024L * 1024 * 1024 * 1024;
            default -> throw new IllegalArgumentException("unknown size unit '" + m.group(2) + "' (use B, KiB, MiB, GiB)");
        };
        return new DataSize(Math.multiplyExact(n, factor));
    }

    public int toIntBytes() {
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    @JsonValue
    @Override
    public String toString() {
        if (bytes != 0 && bytes % (1024L * 1024 * 1024) == 0) return bytes / (1024L * 1024 * 1024) + "GiB";
        if (bytes != 0 && bytes % (1024L * 1024) == 0) return bytes / (1024L * 1024) + "MiB";
        if (bytes != 0 && bytes % 1024L == 0) return bytes / 1024L + "KiB";
        return Long.toString(bytes);
    }
}
