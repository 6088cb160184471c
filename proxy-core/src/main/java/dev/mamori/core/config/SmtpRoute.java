package dev.mamori.core.config;

import dev.mamori.core.net.HostNames;
import dev.mamori.core.net.IpLiterals;

import java.util.Locale;

/**
 * One upstream MTA of an SMTP listener.
 *
 * @param host       host name or IP literal; required
 * @param port       default 25
 * @param preference lowest is tried first; routes with equal preference share the load round-robin; default 10
 */
public record SmtpRoute(String host, Integer port, Integer preference) {
    public SmtpRoute {
        Checks.required("host", host, "host name or IP address of the upstream MTA, e.g. 127.0.0.1 or mx.example.net");
        if (!(HostNames.isValid(host) || IpLiterals.isLiteral(host))) {
            throw new InvalidFieldException("host", "'" + host + "' is not a host name or IP address (examples: mail.example.net, 192.0.2.10, [2001:db8::10])");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        port = port == null ? 25 : port;
        Checks.range("port", port, 1, 65535);
        preference = preference == null ? 10 : preference;
        Checks.range("preference", preference, 0, 65535);
    }

    /** {@code host:port}, IPv6 literals in brackets. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
