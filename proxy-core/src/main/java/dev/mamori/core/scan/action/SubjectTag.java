package dev.mamori.core.scan.action;

import dev.mamori.core.scan.policy.PolicyDecision;

/** The subject prefix of tagged and replaced messages. */
final class SubjectTag {
    private SubjectTag() {
    }

    static String of(String template, PolicyDecision decision) {
        return template.replace("{category}", decision.primary().label());
    }

    /** A Subject field with the tag in front of the original (raw) value; encoded words stay as they were. */
    static String field(HeaderBlock.Field original, String tag, String eol) {
        if (original == null) {
            return "Subject: " + tag + eol;
        }
        String raw = original.raw();
        int colon = raw.indexOf(':');
        String rest = raw.substring(colon + 1);
        if (rest.startsWith(" ") || rest.startsWith("\t")) {
            rest = rest.substring(1);
        }
        return raw.substring(0, colon + 1) + " " + tag + " " + rest;
    }
}
