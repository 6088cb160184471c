package dev.mamori.core.config;

import dev.mamori.core.net.HostNames;
import dev.mamori.core.net.HostPort;

import java.util.List;

/**
 * One SMTP listening socket and the upstream MTAs it relays to.
 *
 * @param name          used in logs and metrics; required, unique among SMTP listeners
 * @param bind          address and port to listen on; required
 * @param tls           client-side TLS: none, starttls (default: STARTTLS offered) or implicit (SMTPS, RFC 8314)
 * @param proxyProtocol true: every connection starts with a PROXY protocol v1 or v2 header (the listener sits behind
 *                      a load balancer) and the address in it is the client's; default false
 * @param routes        the upstream MTAs; required, at least one
 * @param upstreamTls   STARTTLS to the upstream: required (default), opportunistic or none; certificates and host
 *                      names are always verified when TLS is used
 * @param xclient       send XCLIENT (ADDR, NAME, HELO) when the upstream offers it; default false
 * @param xforward      send XFORWARD (ADDR, NAME, HELO, PROTO) when the upstream offers it; default false
 * @param dnsbl         DNSBL zones checked at connect by the gateway policy, e.g. {@code zen.spamhaus.org}; default none
 */
public record SmtpListener(String name, HostPort bind, ClientTls tls, Boolean proxyProtocol, List<SmtpRoute> routes,
                           UpstreamTls upstreamTls, Boolean xclient, Boolean xforward, List<String> dnsbl) {
    public SmtpListener {
        Checks.name("name", name);
        Checks.required("bind", bind, "address:port to listen on, e.g. 127.0.0.1:12525");
        tls = tls == null ? ClientTls.STARTTLS : tls;
        proxyProtocol = proxyProtocol != null && proxyProtocol;
        routes = routes == null ? List.of() : List.copyOf(routes);
        if (routes.isEmpty()) {
            throw new InvalidFieldException("routes", "at least one route is required (host, port and preference of an upstream MTA)");
        }
        upstreamTls = upstreamTls == null ? UpstreamTls.REQUIRED : upstreamTls;
        if (upstreamTls == UpstreamTls.IMPLICIT) {
            throw new InvalidFieldException("upstreamTls", "implicit is not supported for SMTP relaying (allowed: required, opportunistic, none)");
        }
        xclient = xclient != null && xclient;
        xforward = xforward != null && xforward;
        dnsbl = dnsbl == null ? List.of() : List.copyOf(dnsbl);
        for (int i = 0; i < dnsbl.size(); i++) {
            if (!HostNames.isValid(dnsbl.get(i))) {
                throw new InvalidFieldException("dnsbl[" + i + "]", "'" + dnsbl.get(i) + "' is not a DNS zone name (example: zen.spamhaus.org)");
            }
        }
    }
}
