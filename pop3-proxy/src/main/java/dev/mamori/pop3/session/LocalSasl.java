package dev.mamori.pop3.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Mamori's side of a client's {@code AUTH PLAIN} or {@code AUTH LOGIN} on the generic port (RFC 5034), where the
 * credentials must be read before the upstream is known (it is named in the user: {@code alice#pop.example.net}).
 */
final class LocalSasl {
    /** Decoded credentials. Never logged; dropped as soon as the upstream login was sent. */
    record Credentials(String authzid, String user, String password) {
        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }

    sealed interface Step {
    }

    record Challenge(String line) implements Step {
    }

    record Done(Credentials credentials) implements Step {
    }

    record Failed(String reply) implements Step {
    }

    private final String mechanism;
    private String loginUser;

    private LocalSasl(String mechanism) {
        this.mechanism = mechanism;
    }

    static boolean supports(String mechanism) {
        String m = mechanism.toUpperCase(Locale.ROOT);
        return m.equals("PLAIN") || m.equals("LOGIN");
    }

    /** Starts an exchange; {@code initial} is the initial response or null. */
    static Step start(String mechanism, String initial, LocalSasl[] holder) {
        LocalSasl s = new LocalSasl(mechanism.toUpperCase(Locale.ROOT));
        holder[0] = s;
        if (initial == null) {
            return s.mechanism.equals("PLAIN") ? new Challenge("+ ") : new Challenge("+ " + b64("Username:"));
        }
        return s.feed(initial);
    }

    Step feed(String line) {
        String t = line.trim();
        if (t.equals("*")) {
            return new Failed(Pop3Replies.AUTH_CANCELLED);
        }
        byte[] data;
        try {
            data = t.equals("=") ? new byte[0] : Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            return new Failed(Pop3Replies.AUTH_MALFORMED);
        }
        String text = new String(data, StandardCharsets.UTF_8);
        if (mechanism.equals("PLAIN")) {
            String[] parts = text.split("\0", -1);
            if (parts.length != 3 || parts[1].isEmpty()) {
                return new Failed(Pop3Replies.AUTH_MALFORMED);
            }
            return new Done(new Credentials(parts[0], parts[1], parts[2]));
        }
        if (loginUser == null) {
            if (text.isEmpty()) {
                return new Failed(Pop3Replies.AUTH_MALFORMED);
            }
            loginUser = text;
            return new Challenge("+ " + b64("Password:"));
        }
        return new Done(new Credentials("", loginUser, text));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
