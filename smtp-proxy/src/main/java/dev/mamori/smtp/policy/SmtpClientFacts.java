package dev.mamori.smtp.policy;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What the SMTP session knows about its client when it asks the policy.
 *
 * @param address  the client's address (after PROXY protocol, the original client's)
 * @param listener the listener's name from the config
 * @param helo     the EHLO/HELO name, or {@code null} before it
 * @param authUser the user the upstream authenticated, or {@code null}
 * @param tls      whether the client hop is TLS-protected
 */
public record SmtpClientFacts(InetSocketAddress address, String listener, String helo, String authUser, boolean tls) {
    public SmtpClientFacts {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(listener, "listener");
    }
}
