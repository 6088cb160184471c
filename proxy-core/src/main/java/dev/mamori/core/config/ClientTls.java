package dev.mamori.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** TLS on the client side of a listener. */
public enum ClientTls {
    /** Plain only. */
    NONE,
    /** Plain, with STLS/STARTTLS offered (RFC 2595, RFC 3207). */
    STARTTLS,
    /** TLS from the first byte (POP3S). */
    IMPLICIT;

    @JsonCreator
    public static ClientTls parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a client TLS mode (allowed: none, starttls, implicit)");
        }
    }

    @JsonValue
    public String yaml() {
        return name().toLowerCase(Locale.ROOT);
    }
}
