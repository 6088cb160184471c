package dev.mamori.core.scan.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What happens to a message in one verdict category, written in the config as a list of words:
 * {@code [replace, quarantine]}, {@code [tag]}, {@code [deliver]}.
 *
 * @param disposition deliver the original, or replace it with a notice that keeps the original headers
 * @param tag         add a subject prefix and {@code X-Mamori-*} headers
 * @param quarantine  keep the original in the quarantine (written before the client sees anything)
 */
public record PolicyAction(Disposition disposition, boolean tag, boolean quarantine) {
    public enum Disposition { DELIVER, REPLACE }

    @JsonCreator
    public static PolicyAction parse(List<String> words) {
        Disposition d = Disposition.DELIVER;
        boolean tag = false;
        boolean quarantine = false;
        boolean dispositionSeen = false;
        for (String w : words) {
            switch (w.trim().toLowerCase(Locale.ROOT)) {
                case "deliver" -> {
                    if (dispositionSeen && d != Disposition.DELIVER) {
                        throw new IllegalArgumentException("'deliver' and 'replace' exclude each other");
                    }
                    dispositionSeen = true;
                }
                case "replace" -> {
                    if (dispositionSeen && d != Disposition.REPLACE) {
                        throw new IllegalArgumentException("'deliver' and 'replace' exclude each other");
                    }
                    d = Disposition.REPLACE;
                    dispositionSeen = true;
                }
                case "tag" -> tag = true;
                case "quarantine" -> quarantine = true;
                default -> throw new IllegalArgumentException("'" + w + "' is not an action (allowed: deliver, replace, tag, quarantine)");
            }
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("an action list must not be empty (allowed: deliver, replace, tag, quarantine)");
        }
        return new PolicyAction(d, tag, quarantine);
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
        Disposition d = disposition == Disposition.REPLACE || other.disposition == Disposition.REPLACE
                ? Disposition.REPLACE : Disposition.DELIVER;
        return new PolicyAction(d, tag || other.tag, quarantine || other.quarantine);
    }
}
