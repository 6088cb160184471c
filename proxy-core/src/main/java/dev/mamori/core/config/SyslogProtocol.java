package dev.mamori.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Syslog transport: UDP (RFC 5426), TCP with octet counting (RFC 6587), or TLS (RFC 5425). */
public enum SyslogProtocol {
    UDP, TCP, TLS;

    @JsonCreator
    public static SyslogProtocol parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a syslog protocol (allowed: udp, tcp, tls)");
        }
    }

    @JsonValue
    public String yaml() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** 514 for UDP and TCP, 6514 for TLS. */
    public int defaultPort() {
        return this == TLS ? 6514 : 514;
    }
}
