package dev.mamori.core.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A notification text from a resource file: the first line is {@code Subject: ...}, then an empty line, then the
 * body. {@code ${name}} placeholders are replaced by values; an unknown placeholder is left as written. The subject
 * is one line: line breaks in values become spaces there (a value cannot add a header).
 */
public record MailTemplate(String name, String subject, String body) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z][a-zA-Z0-9]*)}");

    /** Loads {@code /dev/mamori/core/notify/<name>.txt}. */
    public static MailTemplate load(String name) {
        String resource = name + ".txt";
        try (InputStream in = MailTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no notification template " + resource);
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MailTemplate parse(String name, String text) {
        String t = text.replace("\r\n", "\n");
        int end = t.indexOf("\n\n");
        if (!t.startsWith("Subject: ") || end < 0 || t.substring(0, end).contains("\n")) {
            throw new IllegalArgumentException("template " + name + ": expected 'Subject: ...', an empty line, then the body");
        }
        return new MailTemplate(name, t.substring("Subject: ".length(), end), t.substring(end + 2));
    }

    public String renderSubject(Map<String, String> values) {
        return render(subject, values).replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    public String renderBody(Map<String, String> values) {
        return render(body, values);
    }

    private static String render(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(b);
        return b.toString();
    }
}
