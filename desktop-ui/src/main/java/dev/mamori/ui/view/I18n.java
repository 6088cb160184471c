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
        // no fallback to the JVM's default locale: English asked for on a Japanese desktop is English
        this.bundle = ResourceBundle.getBundle("dev.mamori.ui.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The languages the dashboard has strings for ({@code messages_<tag>.properties}; English is the base). */
    public static final java.util.List<String> LANGUAGES = java.util.List.of("en", "ja");

    /** The JVM's default locale ({@code LANG=ja_JP.UTF-8}, {@code -Duser.language=ja}, {@code mamori dashboard --lang ja}). */
    public static I18n system() {
        return new I18n(Locale.getDefault(), ZoneId.systemDefault());
    }

    public String get(String key) {
        return bundle.getString(key);
    }

    /**
     * The string of {@code key} without its mnemonic marker, for places that show no mnemonic (dialog buttons,
     * switches): {@code _Keep running} becomes {@code Keep running}, {@code 実行を続ける(_K)} becomes {@code 実行を続ける}.
     */
    public String plain(String key) {
        return withoutMnemonic(bundle.getString(key));
    }

    /** {@code text} without a mnemonic marker: a trailing {@code (_X)} (the Japanese style) or an underscore. */
    public static String withoutMnemonic(String text) {
        return text.replaceAll("\\(_[A-Za-z0-9]\\)", "").replace("_", "");
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
