package dev.mamori.smtp.policy;

import java.util.Objects;

/**
 * A policy's answer. {@link #ACCEPT} lets the session go on (at RCPT: relay the command and pass on the upstream's own
 * reply); anything else is the reply the client gets instead, e.g. {@code 550 5.7.1 Relaying denied}. Temporary
 * conditions (throttling) are 4xx, never 5xx.
 */
public record PolicyReply(int code, String enhancedCode, String text) {
    public static final PolicyReply ACCEPT = new PolicyReply(250, "2.0.0", "OK");

    public PolicyReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("not an SMTP reply code: " + code);
        }
        Objects.requireNonNull(enhancedCode, "enhancedCode");
        Objects.requireNonNull(text, "text");
    }

    public boolean accepted() {
        return code < 400;
    }

    public boolean temporary() {
        return code >= 400 && code < 500;
    }

    /** The reply line without CRLF, e.g. {@code 550 5.7.1 Relaying denied}. */
    public String line() {
        return code + " " + enhancedCode + " " + text;
    }
}
