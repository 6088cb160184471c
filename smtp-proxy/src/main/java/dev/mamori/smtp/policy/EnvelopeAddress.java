package dev.mamori.smtp.policy;

import dev.mamori.core.config.RelaySettings;

import java.util.Locale;

/**
 * The parts of an envelope address that policy needs, read leniently the way the RFC 5321 grammar allows: optional
 * angle brackets, an obsolete source route ({@code @relay.example:user@example.com}, ignored as section 3.6.1 says),
 * a quoted local part that may itself contain {@code @}, an address literal as domain ({@code user@[192.0.2.1]}).
 *
 * @param localPart   the local part as written (quotes kept)
 * @param domain      the domain in comparison form: lower-case IDNA ASCII without a trailing dot; an address literal
 *                    keeps its brackets; {@code null} for the special recipient {@code postmaster} without domain
 */
record EnvelopeAddress(String localPart, String domain) {
    /** RFC 5321 section 4.1.2: a path is at most 256 octets; we allow that much for the address. */
    static final int MAX_LENGTH = 256;

    boolean isPostmaster() {
        return localPart.equalsIgnoreCase("postmaster") || localPart.equalsIgnoreCase("\"postmaster\"");
    }

    /** The address, or {@code null} when it is not one (empty, control characters, unbalanced quotes, no domain). */
    static EnvelopeAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("<") && t.endsWith(">")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || t.length() > MAX_LENGTH || hasControlCharacters(t)) {
            return null;
        }
        if (t.startsWith("@")) {
            int colon = t.indexOf(':');
            if (colon < 0) {
                return null;
            }
            t = t.substring(colon + 1);
        }
        int at;
        if (t.startsWith("\"")) {
            int close = closingQuote(t);
            if (close < 0) {
                return null;
            }
            at = close + 1;
            if (at == t.length()) {
                return isPostmasterWord(t) ? new EnvelopeAddress(t, null) : null;
            }
            if (t.charAt(at) != '@') {
                return null;
            }
        } else {
            at = t.indexOf('@');
            if (at < 0) {
                return isPostmasterWord(t) ? new EnvelopeAddress(t, null) : null;
            }
            if (at == 0 || t.indexOf('@', at + 1) >= 0) {
                return null;
            }
        }
        String local = t.substring(0, at);
        String domain = t.substring(at + 1);
        if (domain.startsWith("[") && domain.endsWith("]") && domain.length() > 2) {
            return new EnvelopeAddress(local, domain.toLowerCase(Locale.ROOT));
        }
        String ascii = RelaySettings.toAscii(domain);
        return ascii == null ? null : new EnvelopeAddress(local, ascii);
    }

    private static boolean isPostmasterWord(String t) {
        return t.equalsIgnoreCase("postmaster") || t.equalsIgnoreCase("\"postmaster\"");
    }

    private static int closingQuote(String t) {
        for (int i = 1; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    static boolean hasControlCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return true;
            }
        }
        return false;
    }
}
