package dev.mamori.core.scan.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What happens to a message in one verdict category, written in the config as a list of words:
 * {@code [replace, quarantine]}, {@code [strip, quarantine]}, {@code [tag]}, {@code [deliver]}.
 *
 * @param disposition deliver the original; strip the parts concerned (each replaced by a short text notice, the rest
 *                    of the message kept); or replace the whole message with a notice that keeps the original headers
 * @param tag         add a subject prefix and {@code X-Mamori-*} headers
 * @param quarantine  keep the original in the quarantine (written before the client sees anything)
 */
public record PolicyAction(Disposition disposition, boolean tag, boolean quarantine) {
    /** In increasing severity: merging two actions keeps the more severe disposition. */
    public enum Disposition { DELIVER, STRIP, REPLACE }

    @JsonCreator
    public static PolicyAction parse(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("an action list must not be empty (allowed: deliver, strip, replace, tag, quarantine)");
        }
        Disposition d = null;
        boolean tag = false;
        boolean quarantine = false;
        for (String w : words) {
            String word = w.trim().toLowerCase(Locale.ROOT);
            switch (word) {
                case "deliver", "strip", "replace" -> {
                    Disposition next = Disposition.valueOf(word.toUpperCase(Locale.ROOT));
                    if (d != null && d != next) {
                        throw new IllegalArgumentException("'deliver', 'strip' and 'replace' exclude each other");
                    }
                    d = next;
                }
                case "tag" -> tag = true;
                case "quarantine" -> quarantine = true;
                default -> throw new IllegalArgumentException("'" + w + "' is not an action (allowed: deliver, strip, replace, tag, quarantine)");
            }
        }
        return new PolicyAction(d == null ? Disposition.DELIVER : d, tag, quarantine);
    }

    public static PolicyAction of(String... words) {
        return parse(List.of(words));
    }

    @JsonValue
    public List<String> words() {
        List<String> out = new ArrayList<>();
        out.add(disposition.name().toLowerCase(Locale.ROOT));
        if (tag) {
            out.add("tag");
        }
        if (quarantine) {
            out.add("quarantine");
        }
        return out;
    }

    /** The stricter of two actions: used when a message falls into several categories. */
    PolicyAction merge(PolicyAction other) {
        Disposition d = disposition.compareTo(other.disposition) >= 0 ? disposition : other.disposition;
        return new PolicyAction(d, tag || other.tag, quarantine || other.quarantine);
    }
}
