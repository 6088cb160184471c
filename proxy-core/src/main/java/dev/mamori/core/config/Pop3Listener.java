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
        Checks.name("name", name);
        mode = mode == null ? ListenerMode.GENERIC : mode;
        Checks.required("bind", bind, "address:port to listen on, e.g. 127.0.0.1:11110");
        tls = tls == null ? ClientTls.STARTTLS : tls;
        if (mode == ListenerMode.DEDICATED && upstream == null) {
            throw new InvalidFieldException("upstream", "is required with mode: dedicated (host, and optionally port and tls, of the fixed upstream server)");
        }
        if (mode != ListenerMode.DEDICATED && upstream != null) {
            throw new InvalidFieldException("upstream", "is only allowed with mode: dedicated (this listener's mode is " + mode.yaml() + ")");
        }
    }
}
