package dev.mamori.app;

import dev.mamori.core.config.ListenerMode;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.Pop3Listener;
import dev.mamori.core.config.UpstreamEndpoint;
import dev.mamori.core.config.UpstreamRule;
import dev.mamori.core.config.UpstreamSettings;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.net.PortRange;
import dev.mamori.core.scan.policy.ScanPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a configuration will do, in a few lines a person can check against their intent: which sockets are opened,
 * which upstreams are reachable, and that everything else is refused.
 */
final class ConfigSummary {
    private ConfigSummary() {
    }

    static List<String> lines(MamoriConfig c) {
        List<String> lines = new ArrayList<>();
        if (!c.pop3().enabled()) {
            lines.add("POP3 disabled (pop3.enabled: false): no POP3 listener is opened");
        } else {
            for (Pop3Listener l : c.pop3().listeners()) {
                lines.add("POP3 listener '" + l.name() + "' on " + l.bind() + ", client TLS " + l.tls().yaml() + ", " + routing(l, c.upstreams()));
            }
        }
        List<UpstreamRule> allow = c.upstreams().allow();
        if (allow.isEmpty()) {
            lines.add("no upstream is allowed for user#host logins (upstreams.allow is empty)");
        } else {
            for (UpstreamRule r : allow) {
                lines.add("allow upstream " + String.join(", ", r.hosts()) + " on ports " + ports(r.ports()) + ", " + tls(r, c.upstreams())
                        + (r.permitAddresses().isEmpty() ? "" : ", permitted addresses " + join(r.permitAddresses())));
            }
            lines.add("every other upstream is refused");
        }
        if (!c.smtp().enabled()) {
            lines.add("SMTP disabled: no SMTP listener is opened");
        } else {
            for (dev.mamori.core.config.SmtpListener l : c.smtp().listeners()) {
                lines.add("SMTP listener '" + l.name() + "' on " + l.bind() + ", client TLS " + l.tls().yaml()
                        + ", relays to " + String.join(", ", l.routes().stream()
                                .map(r -> r.address() + " (preference " + r.preference() + ")").toList())
                        + ", MTA TLS " + l.upstreamTls().yaml()
                        + (l.dnsbl().isEmpty() ? "" : ", DNSBL " + String.join(", ", l.dnsbl())));
            }
            var relay = c.smtp().gateway().relay();
            lines.add("SMTP relaying for " + join(relay.clientNetworks())
                    + (Boolean.TRUE.equals(relay.authenticatedMayRelay()) ? " and authenticated senders" : "")
                    + (relay.internalDomains().isEmpty() ? "; other clients may only reach postmaster"
                    : "; other clients only to " + String.join(", ", relay.internalDomains())));
        }
        lines.add("clients allowed from " + join(c.access().clients()));
        ScanPolicy p = c.scan().policy();
        lines.add("scanning: signatures (built-in EICAR" + (c.scan().signatureFiles().isEmpty() ? "" : " + " + join(c.scan().signatureFiles()))
                + "), heuristics" + (c.scan().heuristicRules() == null ? "" : " (" + c.scan().heuristicRules() + ")")
                + (c.scan().urlBlocklist() == null ? "" : ", URL blocklist " + c.scan().urlBlocklist())
                + (c.scan().clamd() == null ? "" : ", clamd at " + c.scan().clamd().address()));
        lines.add("policy: virus " + p.virus().words() + ", blocked attachment " + p.blockedAttachment().words()
                + ", suspicious " + p.suspicious().words() + ", malicious URL " + p.maliciousUrl().words()
                + ", unscannable " + p.unscannable().words() + ", encrypted " + p.encrypted().words()
                + ", malformed " + p.malformed().words() + ", scanner failure " + p.scanFailure().yaml());
        var prometheus = c.metrics().prometheus();
        if (prometheus.enabled()) {
            lines.add("Prometheus metrics on http://" + prometheus.bind() + "/metrics (no authentication"
                    + (prometheus.allowRemote() ? ", reachable from other machines)" : ", loopback)"));
        }
        var syslog = c.logging().syslog();
        if (syslog.enabled()) {
            lines.add("syslog (RFC 5424) to " + syslog.host() + ":" + syslog.port() + " over " + syslog.protocol().yaml()
                    + ", facility " + syslog.facility() + ": detections, alerts, admin actions, warnings");
        }
        var n = c.notifications();
        if (n != null) {
            lines.add("notification mail to " + String.join(", ", n.to()) + " through " + n.smtp().host() + ":"
                    + n.smtp().port() + " (TLS " + n.smtp().tls().yaml() + ", detections " + n.detections().mode().yaml()
                    + ", system events " + (n.system().enabled() ? "on" : "off") + ")");
        }
        lines.add(c.admin().enabled() ? "admin channel (ssh) on " + c.admin().bind()
                + (c.admin().advertise() ? ", announced on the LAN (mDNS)" : "")
                : "admin channel off (no admin section)");
        if (c.updates() != null) {
            var u = c.updates();
            lines.add("component updates from " + u.source() + (u.fallbackSource() == null ? "" : " (fallback " + u.fallbackSource() + ")")
                    + " every " + dev.mamori.core.config.Durations.format(u.schedule()) + ", " + u.trustedKeys().size()
                    + " trusted key(s) " + u.keys().ids() + ", keeping " + u.keep() + " versions"
                    + (u.proxy() == null ? "" : ", through proxy " + u.proxy().url())
                    + (u.relay().enabled() ? ", relaying on " + u.relay().bind() + (u.relay().advertise() ? " (mDNS)" : "") : ""));
        }
        lines.add("data directory " + c.server().dataDir());
        return lines;
    }

    private static String routing(Pop3Listener l, UpstreamSettings upstreams) {
        if (l.mode() != ListenerMode.DEDICATED) {
            return l.mode() == ListenerMode.GENERIC ? "upstream from the account name (user#host[:port])" : "upstream from the original destination (transparent)";
        }
        UpstreamEndpoint u = l.upstream();
        UpstreamTls tls = u.tls() != null ? u.tls() : upstreams.isImplicitTlsPort(u.port()) ? UpstreamTls.IMPLICIT : upstreams.tls();
        return "dedicated to " + u.host() + ":" + u.port() + " (TLS " + tls.yaml() + ")";
    }

    private static String tls(UpstreamRule r, UpstreamSettings upstreams) {
        String mode = "TLS " + (r.tls() != null ? r.tls() : upstreams.tls()).yaml();
        List<PortRange> implicit = upstreams.implicitTlsPorts().stream()
                .filter(i -> r.ports().stream().anyMatch(p -> i.from() <= p.to() && p.from() <= i.to()))
                .toList();
        return implicit.isEmpty() ? mode : mode + " (implicit on " + ports(implicit) + ")";
    }

    private static String ports(List<PortRange> ports) {
        return join(ports);
    }

    private static String join(List<?> items) {
        return items.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
