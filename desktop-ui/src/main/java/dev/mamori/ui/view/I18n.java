package dev.mamori.ui.view;

import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;

/** The UI strings ({@code dev/mamori/ui/messages.properties}) and the formats of times, sizes and durations. */
public final class I18n {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm");

    private final ResourceBundle bundle;
    private final Locale locale;
    private final ZoneId zone;

    public I18n(Locale locale, ZoneId zone) {
        this.locale = locale;
        this.zone = zone;
        this.bundle = ResourceBundle.getBundle("dev.mamori.ui.messages", locale);
    }

    public static I18n system() {
        return new I18n(Locale.getDefault(), ZoneId.systemDefault());
    }

    public String get(String key) {
        return bundle.getString(key);
    }

    public String format(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }

    public String time(Instant t) {
        return t == null ? "" : TIME.withZone(zone).format(t);
    }

    /** {@code 11-25 15:00:58}: for table columns. */
    public String shortTime(Instant t) {
        return t == null ? "" : SHORT.withZone(zone).format(t);
    }

    public String clock(Instant t) {
        return t == null ? "" : CLOCK.withZone(zone).format(t);
    }

    /** {@code 14:05}: chart axes of the longer ranges. */
    public String minute(Instant t) {
        return t == null ? "" : MINUTE.withZone(zone).format(t);
    }

    /** The locale of the strings and number formats. */
    public Locale locale() {
        return locale;
    }

    public String bytes(double n) {
        if (n < 1000) {
            return format("format.bytes.B", String.format(locale, "%.0f", n));
        }
        if (n < 1_000_000) {
            return format("format.bytes.KB", String.format(locale, "%.1f", n / 1000));
        }
        return format("format.bytes.MB", String.format(locale, "%.1f", n / 1_000_000));
    }

    public String count(long n) {
        return String.format(locale, "%,d", n);
    }

    public String millis(double ms) {
        return format("format.ms", String.format(locale, ms < 10 ? "%.1f" : "%.0f", ms));
    }

    /** {@code 6h}, {@code 1d}, {@code 30m}. */
    public String duration(Duration d) {
        if (d == null) {
            return "";
        }
        if (d.toDays() > 0 && d.toHours() % 24 == 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }
}
