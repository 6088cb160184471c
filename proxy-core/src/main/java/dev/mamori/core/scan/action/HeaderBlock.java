package dev.mamori.core.scan.action;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header section of a message as raw fields (each with its continuation lines and line endings, ISO-8859-1 so
 * the bytes round-trip), and where the body starts. Reading stops at the blank line or after {@code maxBytes}: a
 * header section larger than that is treated as ending there, which only affects where tags are inserted.
 */
public final class HeaderBlock {
    /** One field: its name and its full raw text including continuation lines and the final line ending. */
    public record Field(String name, String raw) {
        public String value() {
            int colon = raw.indexOf(':');
            return raw.substring(colon + 1).replaceAll("\r?\n[ \t]", " ").strip();
        }

        public boolean is(String n) {
            return name.equalsIgnoreCase(n);
        }
    }

    /** How much of a message is read as its header section at most. */
    static final int MAX_HEADER_BYTES = 256 * 1024;

    private final List<Field> fields;
    private final long bodyOffset;
    private final String lineEnding;

    private HeaderBlock(List<Field> fields, long bodyOffset, String lineEnding) {
        this.fields = List.copyOf(fields);
        this.bodyOffset = bodyOffset;
        this.lineEnding = lineEnding;
    }

    public static HeaderBlock read(InputStream in, int maxBytes) throws IOException {
        List<Field> fields = new ArrayList<>();
        StringBuilder current = null;
        String currentName = null;
        long offset = 0;
        String eol = "\r\n";
        boolean eolKnown = false;
        while (offset < maxBytes) {
            String line = readLine(in, maxBytes - offset);
            if (line == null) {
                break;
            }
            offset += line.length();
            if (!eolKnown && line.endsWith("\n")) {
                eol = line.endsWith("\r\n") ? "\r\n" : "\n";
                eolKnown = true;
            }
            String content = line.endsWith("\r\n") ? line.substring(0, line.length() - 2)
                    : line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
            if (content.isEmpty()) {
                break; // the blank line: the body follows
            }
            if ((content.charAt(0) == ' ' || content.charAt(0) == '\t') && current != null) {
                current.append(line);
                continue;
            }
            if (current != null) {
                fields.add(new Field(currentName, current.toString()));
            }
            int colon = content.indexOf(':');
            currentName = colon > 0 ? content.substring(0, colon).strip() : "";
            current = new StringBuilder(line);
        }
        if (current != null) {
            fields.add(new Field(currentName, current.toString()));
        }
        return new HeaderBlock(fields, offset, eol);
    }

    /** The header section of a message. */
    public static HeaderBlock of(dev.mamori.core.scan.MessageSource message) throws IOException {
        try (InputStream in = message.openStream()) {
            return read(in, MAX_HEADER_BYTES);
        }
    }

    private static String readLine(InputStream in, long max) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while (b.length() < max && (c = in.read()) >= 0) {
            b.append((char) c);
            if (c == '\n') {
                return b.toString();
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    public List<Field> fields() {
        return fields;
    }

    /** Bytes from the start of the message to the first body byte (the blank line included). */
    public long bodyOffset() {
        return bodyOffset;
    }

    /** The message's own line ending, used for lines Mamori adds. */
    public String lineEnding() {
        return lineEnding;
    }

    public String first(String name) {
        return fields.stream().filter(f -> f.is(name)).findFirst().map(Field::value).orElse(null);
    }

    /** The first value of a field with RFC 2047 encoded words decoded, for people to read; null when absent. */
    public String decoded(String name) {
        String v = first(name);
        return v == null ? null : org.apache.james.mime4j.codec.DecoderUtil.decodeEncodedWords(v,
                org.apache.james.mime4j.codec.DecodeMonitor.SILENT);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
