package dev.mamori.pop3.codec;

import dev.mamori.core.log.Redaction;

import java.util.Locale;

/**
 * One line from a POP3 client. The text is decoded as ISO-8859-1 so that re-encoding gives back exactly the bytes
 * the client sent (user names may be UTF-8).
 *
 * @param line    the whole line without its line ending
 * @param keyword the first word, upper-case ({@code ""} for an empty line)
 * @param args    everything after the first space, or {@code ""}
 * @param problem {@code null} for a well-formed line, else why it cannot be used (too long, control characters)
 */
public record Pop3Command(String line, String keyword, String args, String problem) {
    public static Pop3Command parse(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                return new Pop3Command("", "", "", "control characters are not allowed in a command");
            }
        }
        if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
            // RFC 1939: a command starts with its keyword. Relaying " PASS x" could reach a lenient server as PASS.
            return new Pop3Command("", "", "", "malformed command: it must start with a keyword");
        }
        int sp = line.indexOf(' ');
        String keyword = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
        String args = sp < 0 ? "" : line.substring(sp + 1);
        return new Pop3Command(line, keyword, args, null);
    }

    public static Pop3Command tooLong(int max) {
        return new Pop3Command("", "", "", "command line too long (limit " + max + " bytes)");
    }

    public boolean hasArgs() {
        return !args.isBlank();
    }

    /** The line as it goes upstream: the client's own bytes, CRLF-terminated. Never contains CR or LF inside. */
    public String wire() {
        return line + "\r\n";
    }

    /** A form of the line that is safe to log: credentials masked (one rule set for the whole product). */
    public String forLog() {
        return Redaction.command(line);
    }

    @Override
    public String toString() {
        return forLog();
    }
}
