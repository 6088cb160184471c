package dev.mamori.smtp.session;

/**
 * No route gave a usable upstream session.
 *
 * @see #tls() whether the last route failed for a TLS reason (STARTTLS required but not offered, or the handshake
 * or certificate check failed): the client then hears 4.7.0 rather than 4.4.1
 */
public final class UpstreamUnavailableException extends Exception {
    private final boolean tls;

    public UpstreamUnavailableException(String message, boolean tls) {
        super(message, null, false, false);
        this.tls = tls;
    }

    public boolean tls() {
        return tls;
    }
}
