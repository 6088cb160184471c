package dev.mamori.core.config;

import dev.mamori.core.net.HostPort;

/**
 * One POP3 listening socket.
 *
 * @param name     used in logs and metrics; required, unique
 * @param mode     generic (default), dedicated or transparent
 * @param bind     address and port to listen on; required
 * @param tls      client-side TLS: none, starttls (default: STLS offered) or implicit
 * @param upstream dedicated mode only: the fixed upstream
 */
public record Pop3Listener(String name, ListenerMode mode, HostPort bind, ClientTls tls, UpstreamEndpoint upstream) {
    public Pop3Listener {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("name is required: 1-63 letters, digits, '.', '_' or '-'");
        }
        mode = mode == null ? ListenerMode.GENERIC : mode;
        if (bind == null) {
            throw new IllegalArgumentException("bind is required (e.g. 127.0.0.1:11110)");
        }
        tls = tls == null ? ClientTls.STARTTLS : tls;
        if (mode == ListenerMode.DEDICATED && upstream == null) {
            throw new IllegalArgumentException("listener '" + name + "': a dedicated listener needs an upstream (host, port, tls)");
        }
        if (mode != ListenerMode.DEDICATED && upstream != null) {
            throw new IllegalArgumentException("listener '" + name + "': upstream is only allowed for mode: dedicated");
        }
    }
}
