package dev.mamori.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a POP3 listener finds its upstream. */
public enum ListenerMode {
    /** From the account name: {@code user#host[:port]}. */
    GENERIC,
    /** One fixed upstream per listening port; the upstream greeting is passed through (APOP works). */
    DEDICATED,
    /** Linux TPROXY: the connection's original destination is the upstream. */
    TRANSPARENT;

    @JsonCreator
    public static ListenerMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a listener mode (allowed: generic, dedicated, transparent)");
        }
    }

    @JsonValue
    public String yaml() {
        return name().toLowerCase(Locale.ROOT);
    }
}
