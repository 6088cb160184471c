package dev.mamori.smtp.policy;

import dev.mamori.core.config.SmtpGatewaySettings;
import dev.mamori.core.net.IpLiterals;
import io.netty.channel.EventLoopGroup;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SMTP gateway policy from {@code smtp.gateway} and the listeners' DNSBL zones:
 * <ol>
 *   <li>connect: the per-client connection throttle ({@code 421 4.7.0}), then the listener's DNSBL zones
 *       ({@code 554 5.7.1 Service unavailable; Client host [ip] blocked using zone});</li>
 *   <li>MAIL FROM: sender syntax ({@code 501 5.1.7}), then the message throttles per client, user and sender
 *       ({@code 450 4.7.1});</li>
 *   <li>RCPT TO: relay control ({@code 554 5.7.1 <rcpt>: Relay access denied});</li>
 *   <li>accepted: counts one message for the client, user and sender, whatever the number of recipients;</li>
 *   <li>disconnected: releases the connection counted at connect.</li>
 * </ol>
 * Thread-safe and non-blocking. {@link #connect} completes on the resolver's event loop when DNSBL zones are queried,
 * so the caller continues on its own channel's event loop. Close it to stop the resolver.
 */
public final class GatewayPolicy implements SmtpPolicy, AutoCloseable {
    private final RelayControl relay;
    private final Throttle throttle;
    private final DnsblChecker dnsbl;
    private final Map<String, List<String>> zonesByListener;
    /** Connections counted by the throttle and not yet released: at most one per live client connection. */
    private final Set<Admitted> admitted = ConcurrentHashMap.newKeySet();

    /**
     * @param dnsbl may be {@code null} when no listener has DNSBL zones
     */
    public GatewayPolicy(SmtpGatewaySettings settings, Map<String, List<String>> dnsblZonesByListener,
                         DnsblChecker dnsbl, Clock clock) {
        this.relay = new RelayControl(settings.relay());
        this.throttle = new Throttle(settings.throttle(), clock);
        this.zonesByListener = validZones(dnsblZonesByListener);
        if (dnsbl == null && this.zonesByListener.values().stream().anyMatch(z -> !z.isEmpty())) {
            throw new IllegalArgumentException("DNSBL zones are configured but no DNSBL checker was given");
        }
        this.dnsbl = dnsbl;
    }

    /**
     * The policy with a DNSBL checker on one of {@code group}'s event loops asking the system's name servers (none is
     * built when no listener has zones).
     */
    public static GatewayPolicy create(SmtpGatewaySettings settings, Map<String, List<String>> dnsblZonesByListener,
                                       EventLoopGroup group, Clock clock) {
        return create(settings, dnsblZonesByListener, group, clock, null);
    }

    /** As {@link #create(SmtpGatewaySettings, Map, EventLoopGroup, Clock)}, asking the given name servers. */
    public static GatewayPolicy create(SmtpGatewaySettings settings, Map<String, List<String>> dnsblZonesByListener,
                                       EventLoopGroup group, Clock clock, List<InetSocketAddress> dnsServers) {
        boolean anyZones = dnsblZonesByListener.values().stream().anyMatch(z -> !z.isEmpty());
        DnsblChecker checker = null;
        if (anyZones) {
            checker = dnsServers == null
                    ? DnsblChecker.create(group.next(), settings.dnsblTimeout(), clock)
                    : DnsblChecker.create(group.next(), settings.dnsblTimeout(), clock, dnsServers);
        }
        try {
            return new GatewayPolicy(settings, dnsblZonesByListener, checker, clock);
        } catch (RuntimeException e) {
            if (checker != null) {
                checker.close();
            }
            throw e;
        }
    }

    private static Map<String, List<String>> validZones(Map<String, List<String>> byListener) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        byListener.forEach((listener, zones) ->
                out.put(listener, zones == null ? List.of() : zones.stream().map(DnsblChecker::validZone).toList()));
        return Map.copyOf(out);
    }

    @Override
    public CompletionStage<PolicyReply> connect(SmtpClientFacts client) {
        InetAddress ip = ip(client);
        PolicyReply throttled = throttle.connect(ip);
        if (!throttled.accepted()) {
            return CompletableFuture.completedFuture(throttled);
        }
        admitted.add(new Admitted(client.listener(), client.address()));
        List<String> zones = zonesByListener.getOrDefault(client.listener(), List.of());
        if (zones.isEmpty()) {
            return CompletableFuture.completedFuture(PolicyReply.ACCEPT);
        }
        return dnsbl.firstListing(ip, zones).thenApply(zone -> zone == null ? PolicyReply.ACCEPT
                : new PolicyReply(554, "5.7.1", "Service unavailable; Client host [" + Throttle.displayAddress(ip)
                        + "] blocked using " + zone));
    }

    @Override
    public PolicyReply mailFrom(SmtpClientFacts client, String sender) {
        PolicyReply syntax = relay.checkSender(sender);
        if (!syntax.accepted()) {
            return syntax;
        }
        return throttle.mailFrom(ip(client), sender, client.authUser());
    }

    @Override
    public PolicyReply rcptTo(SmtpClientFacts client, String sender, String recipient) {
        return relay.checkRecipient(ip(client), client.authUser(), recipient);
    }

    @Override
    public void accepted(SmtpClientFacts client, String sender, int recipients) {
        throttle.accepted(ip(client), sender, client.authUser());
    }

    @Override
    public void disconnected(SmtpClientFacts client) {
        if (admitted.remove(new Admitted(client.listener(), client.address()))) {
            throttle.disconnected(ip(client));
        }
    }

    /** The client's IP address; an unresolved socket address must hold an IP literal (never looked up in DNS). */
    private static InetAddress ip(SmtpClientFacts client) {
        InetSocketAddress a = client.address();
        if (a.getAddress() != null) {
            return a.getAddress();
        }
        byte[] literal = IpLiterals.parse(a.getHostString());
        if (literal == null) {
            throw new IllegalArgumentException("the client address must be an IP address, not '" + a.getHostString() + "'");
        }
        try {
            return InetAddress.getByAddress(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private record Admitted(String listener, InetSocketAddress address) {
    }

    public GatewayStats stats() {
        return new GatewayStats(relay.denials(), throttle.throttledConnections(), throttle.throttledMessagesPerIp(),
                throttle.throttledMessagesPerSender(), throttle.throttledMessagesPerUser(),
                dnsbl == null ? 0 : dnsbl.hits(), dnsbl == null ? 0 : dnsbl.skips(), throttle.trackedKeys(),
                throttle.untracked());
    }

    @Override
    public void close() {
        if (dnsbl != null) {
            dnsbl.close();
        }
    }
}
