package dev.mamori.core.config;

import dev.mamori.core.net.Cidr;

import java.util.List;

/**
 * Who may connect to Mamori at all.
 *
 * @param clients             client ACL; default loopback and the private ranges (RFC 1918, RFC 4193)
 * @param maxConnections      total client connections across all listeners; default 500
 * @param maxConnectionsPerIp client connections from one address; default 30
 * @param loginFailures       failed-login throttle per client IP
 */
public record AccessSettings(List<Cidr> clients, Integer maxConnections, Integer maxConnectionsPerIp,
                             LoginThrottle loginFailures) {
    public static final List<Cidr> DEFAULT_CLIENTS = List.of(
            Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"),
            Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16"),
            Cidr.parse("fc00::/7"));

    public AccessSettings {
        clients = clients == null ? DEFAULT_CLIENTS : List.copyOf(clients);
        maxConnections = maxConnections == null ? 500 : maxConnections;
        maxConnectionsPerIp = maxConnectionsPerIp == null ? 30 : maxConnectionsPerIp;
        loginFailures = loginFailures == null ? LoginThrottle.defaults() : loginFailures;
        Checks.range("maxConnections", maxConnections, 1, 1_000_000);
        Checks.range("maxConnectionsPerIp", maxConnectionsPerIp, 1, maxConnections);
    }

    public static AccessSettings defaults() {
        return new AccessSettings(null, null, null, null);
    }
}
