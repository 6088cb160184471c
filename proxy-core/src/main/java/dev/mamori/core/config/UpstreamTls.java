package dev.mamori.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How Mamori protects its connection to an upstream server. */
public enum UpstreamTls {
    /** TLS from the first byte (POP3S, port 995). */
    IMPLICIT,
    /** STLS/STARTTLS must be offered and succeed, or the login is refused: no silent downgrade. */
    REQUIRED,
    /** STLS/STARTTLS when the upstream offers it (verified like REQUIRED), plain otherwise. */
    OPPORTUNISTIC,
    /** Plain text: only for servers on a trusted network. */
    NONE;

    @JsonCreator
    public static UpstreamTls parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an upstream TLS mode (allowed: implicit, required, opportunistic, none)");
        }
    }

    @JsonValue
    public String yaml() {
        return name().toLowerCase(Locale.ROOT);
    }
}
