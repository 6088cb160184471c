package dev.mamori.core.log;

import java.util.Locale;
import java.util.Set;

/**
 * Makes protocol lines and free text safe to log: passwords, SASL payloads and APOP digests are replaced by
 * {@link #MASK}. Protocol code logs every client line through {@link #command(String)} (or
 * {@link #saslResponse(String)} while a SASL exchange is running); {@link #text(String)} is the safety net the logging
 * configuration applies to every message.
 *
 * <p>{@code command} is an allow-list: the arguments of commands that are known to carry nothing secret are kept,
 * everything else loses its arguments, and a line that is a single unknown token (a SASL response, a base64 blob)
 * is masked whole.
 */
public final class Redaction {
    public static final String MASK = "******";
    /** Longest excerpt of a client line that reaches a log; a command line may be 1 KiB of junk. */
    static final int MAX_LOGGED_CHARS = 200;

    /** POP3 (RFC 1939, 2449, 2595, 6856) and SMTP (RFC 5321 and extensions) commands whose arguments are not secret. */
    static final Set<String> HARMLESS = Set.of(
            "USER", "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "QUIT", "TOP", "UIDL", "CAPA", "STLS", "UTF8", "LANG",
            "HELO", "EHLO", "LHLO", "MAIL", "RCPT", "DATA", "BDAT", "VRFY", "EXPN", "HELP", "STARTTLS", "ETRN",
            "XCLIENT", "XFORWARD");

    private Redaction() {
    }

    /**
     * One client command line, safe to log: {@code PASS ******}, {@code AUTH PLAIN ******}, {@code APOP alice ******};
     * {@code USER alice#pop.example.net} is unchanged. Control characters are escaped so a client cannot forge log
     * lines, and long lines are cut.
     */
    public static String command(String line) {
        if (line == null) {
            return "null";
        }
        String l = printable(line);
        if (l.isBlank()) {
            return l;
        }
        if (Character.isWhitespace(l.charAt(0))) {
            // " PASS secret": judge the line by its first word, never log it whole
            return command(l.stripLeading());
        }
        int space = l.indexOf(' ');
        String verb = space < 0 ? l : l.substring(0, space);
        String args = space < 0 ? "" : l.substring(space + 1);
        String upper = verb.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "" -> MASK;
            case "PASS" -> args.isEmpty() ? verb : verb + " " + MASK;
            case "APOP" -> verb + keepFirstArgument(args);
            case "AUTH" -> verb + keepFirstArgument(args);
            case "*" -> args.isEmpty() ? "*" : MASK;
            default -> {
                if (HARMLESS.contains(upper)) {
                    yield l;
                }
                if (space < 0) {
                    yield MASK; // a lone unknown token is most likely a SASL response
                }
                yield verb.matches("[A-Za-z]{1,16}") ? verb + " " + MASK : MASK;
            }
        };
    }

    /**
     * A client line sent during a SASL exchange (after the server's {@code +} or {@code 334} continuation): always
     * secret, except the {@code *} that cancels the exchange.
     */
    public static String saslResponse(String line) {
        return line != null && line.strip().equals("*") ? "*" : MASK;
    }

    /** Any text, with every credential pattern that {@link SecretPatterns} recognises masked. */
    public static String text(String message) {
        return message == null ? null : SecretPatterns.mask(message);
    }

    /** Keeps the first argument (mechanism or user name) and masks the rest, if any. */
    private static String keepFirstArgument(String args) {
        if (args.isEmpty()) {
            return "";
        }
        int space = args.indexOf(' ');
        if (space < 0) {
            return " " + args;
        }
        return " " + args.substring(0, space) + " " + MASK;
    }

    /** Escapes control characters and cuts the line to {@link #MAX_LOGGED_CHARS}. */
    static String printable(String line) {
        StringBuilder b = new StringBuilder(Math.min(line.length(), MAX_LOGGED_CHARS) + 16);
        int i = 0;
        for (; i < line.length() && b.length() < MAX_LOGGED_CHARS; i++) {
            char c = line.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        b.append(String.format("\\x%02X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (i < line.length()) {
            b.append("...(").append(line.length() - i).append(" more)");
        }
        return b.toString();
    }
}
