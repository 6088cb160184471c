package dev.mamori.core.scan.action;

import dev.mamori.core.scan.policy.PolicyDecision;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code X-Mamori-*} header fields added to tagged and replaced messages. Values are printable ASCII only (paths
 * and threat names come from untrusted content) and folded to stay under 998 octets per line (RFC 5322).
 */
final class MamoriHeaders {
    private MamoriHeaders() {
    }

    static List<String> fields(PolicyDecision decision, String quarantineId, String eol) {
        List<String> out = new ArrayList<>();
        out.add("X-Mamori-Status: " + status(decision) + eol);
        out.add("X-Mamori-Category: " + String.join(", ", decision.categories().stream().map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList()) + eol);
        int n = 0;
        for (String r : decision.reasons()) {
            if (n++ == 20) {
                out.add("X-Mamori-Threat: (" + (decision.reasons().size() - 20) + " more)" + eol);
                break;
            }
            out.add(fold("X-Mamori-Threat: " + ascii(r), eol));
        }
        if (quarantineId != null) {
            out.add("X-Mamori-Quarantine-Id: " + quarantineId + eol);
        }
        return out;
    }

    private static String status(PolicyDecision d) {
        return switch (d.action().disposition()) {
            case REPLACE -> "replaced";
            case STRIP -> "stripped";
            case DELIVER -> "tagged";
        };
    }

    /** Printable ASCII: the path separator becomes {@code >}, anything else outside ASCII a {@code ?}. */
    static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == 0x203A) {
                b.append('>');
            } else if (cp >= 0x20 && cp < 0x7F) {
                b.append((char) cp);
            } else {
                b.append('?');
            }
        });
        return b.length() > 900 ? b.substring(0, 900) + "..." : b.toString();
    }

    private static String fold(String line, String eol) {
        if (line.length() <= 78) {
            return line + eol;
        }
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        int lastSpace = -1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ' ') {
                lastSpace = i;
            }
            if (i - lineStart >= 76 && lastSpace > lineStart) {
                out.append(line, lineStart, lastSpace).append(eol);
                lineStart = lastSpace; // the space starts the continuation line
                lastSpace = -1;
            }
        }
        out.append(line.substring(lineStart)).append(eol);
        return out.toString();
    }
}
