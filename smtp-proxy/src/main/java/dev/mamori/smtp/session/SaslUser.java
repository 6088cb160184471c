package dev.mamori.smtp.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The user name inside a relayed SASL exchange, for policy and logs. Only the user name is taken out; the password
 * bytes are overwritten and never leave this class.
 */
final class SaslUser {
    private SaslUser() {
    }

    /** The authentication identity of a PLAIN response (RFC 4616: authzid NUL authcid NUL passwd), or null. */
    static String plain(String base64) {
        byte[] raw = decode(base64);
        if (raw == null) {
            return null;
        }
        try {
            int first = indexOf(raw, 0);
            int second = first < 0 ? -1 : indexOf(raw, first + 1);
            if (second < 0) {
                return null;
            }
            return clean(new String(raw, first + 1, second - first - 1, StandardCharsets.UTF_8));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The user name of a LOGIN exchange (its first response), or null. */
    static String login(String base64) {
        byte[] raw = decode(base64);
        return raw == null ? null : clean(new String(raw, StandardCharsets.UTF_8));
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int indexOf(byte[] a, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Printable, bounded: the name goes into logs and policy keys. */
    private static String clean(String s) {
        String p = s.replaceAll("[\\p{Cntrl}]", "?");
        if (p.isEmpty()) {
            return null;
        }
        return p.length() > 256 ? p.substring(0, 256) : p;
    }
}
