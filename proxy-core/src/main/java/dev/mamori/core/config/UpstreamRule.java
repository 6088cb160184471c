package dev.mamori.core.config;

import dev.mamori.core.net.Cidr;
import dev.mamori.core.net.PortRange;

import java.util.List;
import java.util.Locale;

/**
 * One entry of the upstream allow-list. A requested upstream {@code host:port} is allowed by the first rule whose
 * host patterns and ports both match.
 *
 * @param hosts           patterns: {@code *} (any host), {@code *.example.net} (subdomains), {@code pop.example.net},
 *                        an IP literal, or a CIDR range (matches IP literals only)
 * @param ports           ports or ranges; required
 * @param permitAddresses resolved addresses that may be used even though they fall in a denied range
 *                        (loopback, private, link-local...); default none
 * @param tls             TLS mode for upstreams matched by this rule on non-implicit ports; default the upstream
 *                        section's {@code tls}
 */
public record UpstreamRule(List<String> hosts, List<PortRange> ports, List<Cidr> permitAddresses, UpstreamTls tls) {
    public UpstreamRule {
        if (hosts == null || hosts.isEmpty()) {
            throw new InvalidFieldException("hosts", "at least one host pattern is required (examples: '*', '*.example.net', pop.example.net, 10.1.2.3, 10.0.0.0/8)");
        }
        if (ports == null || ports.isEmpty()) {
            throw new InvalidFieldException("ports", "at least one port or range is required (examples: 110, 995, 11000-11099)");
        }
        hosts = hosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        for (int i = 0; i < hosts.size(); i++) {
            try {
                HostPattern.validate(hosts.get(i));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("hosts[" + i + "]", e);
            }
        }
        ports = List.copyOf(ports);
        permitAddresses = permitAddresses == null ? List.of() : List.copyOf(permitAddresses);
    }
}
