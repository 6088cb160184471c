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
        Checks.required("host", host, "host name or IP address of the upstream server, e.g. pop.example.net");
        if (!(HostNames.isValid(host) || IpLiterals.isLiteral(host))) {
            throw new InvalidFieldException("host", "'" + host + "' is not a host name or IP address (examples: pop.example.net, 192.0.2.10, [2001:db8::10])");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        port = port == null ? (tls == UpstreamTls.IMPLICIT ? 995 : 110) : port;
        Checks.range("port", port, 1, 65535);
    }
}
