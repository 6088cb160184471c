package dev.mamori.smtp.session;

import dev.mamori.smtp.codec.SmtpReply;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An EHLO answer's keywords (upper case) with their parameters, in the upstream's order. The first line of the
 * answer is the server's greeting text, not a keyword.
 */
public record Capabilities(Map<String, String> keywords) {
    public static final Capabilities NONE = new Capabilities(Map.of());

    public static Capabilities of(SmtpReply ehlo) {
        Map<String, String> k = new LinkedHashMap<>();
        List<String> lines = ehlo.lines();
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty()) {
                continue;
            }
            int sp = l.indexOf(' ');
            String word = (sp < 0 ? l : l.substring(0, sp)).toUpperCase(Locale.ROOT);
            if (word.startsWith("AUTH=")) {
                continue; // the old draft form; the standard AUTH line carries the same mechanisms
            }
            k.putIfAbsent(word, sp < 0 ? "" : l.substring(sp + 1).strip());
        }
        return new Capabilities(Map.copyOf(k));
    }

    public boolean has(String keyword) {
        return keywords.containsKey(keyword);
    }

    public String param(String keyword) {
        return keywords.get(keyword);
    }

    /** SASL mechanisms the AUTH keyword lists, upper case. */
    public List<String> authMechanisms() {
        String p = keywords.get("AUTH");
        return p == null || p.isBlank() ? List.of() : List.of(p.toUpperCase(Locale.ROOT).split("\\s+"));
    }

    /** The SIZE limit in bytes; 0 when the upstream states none (RFC 1870: 0 means no fixed maximum), -1 without SIZE. */
    public long size() {
        String p = keywords.get("SIZE");
        if (p == null) {
            return -1;
        }
        try {
            return p.isBlank() ? 0 : Long.parseLong(p.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
