package dev.mamori.core.config;

import dev.mamori.core.net.HostNames;
import dev.mamori.core.net.IpLiterals;

import java.util.Locale;

/**
 * The fixed upstream of a dedicated listener.
 *
 * @param host host name or IP literal
 * @param port default 110, or 995 when {@code tls} is implicit
 * @param tls  default: implicit on 995, else the upstream section's default
 */
public record UpstreamEndpoint(String host, Integer port, UpstreamTls tls) {
    public UpstreamEndpoint {
        if (host == null || !(HostNames.isValid(host) || IpLiterals.isLiteral(host))) {
            throw new IllegalArgumentException("host '" + host + "' is not a host name or IP address");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        port = port == null ? (tls == UpstreamTls.IMPLICIT ? 995 : 110) : port;
        Checks.range("port", port, 1, 65535);
    }
}
