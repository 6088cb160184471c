package dev.mamori.core.net;

import dev.mamori.core.config.HostPattern;
import dev.mamori.core.config.UpstreamRule;
import dev.mamori.core.config.UpstreamSettings;
import dev.mamori.core.config.UpstreamTls;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether Mamori may connect to an upstream a client asked for, and resolves it to an address that is
 * checked against {@link DeniedAddresses}. The address that was checked is the one connected to, so a DNS answer
 * cannot change between check and use.
 */
public final class UpstreamPolicy {
    private final UpstreamSettings settings;
    private final DeniedAddresses denied;
    private final Executor dnsExecutor;

    public UpstreamPolicy(UpstreamSettings settings, Executor dnsExecutor) {
        this.settings = settings;
        this.denied = new DeniedAddresses(settings.denyAddresses());
        this.dnsExecutor = dnsExecutor;
    }

    /** First step: is {@code host:port} on the allow-list at all? No DNS is done here. */
    public UpstreamDecision check(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        for (UpstreamRule rule : settings.allow()) {
            boolean hostOk = rule.hosts().stream().anyMatch(p -> HostPattern.matches(p, h));
            boolean portOk = rule.ports().stream().anyMatch(r -> r.contains(port));
            if (hostOk && portOk) {
                UpstreamTls tls = settings.isImplicitTlsPort(port) ? UpstreamTls.IMPLICIT
                        : rule.tls() != null ? rule.tls() : settings.tls();
                return new UpstreamDecision.Allowed(h, port, rule, tls);
            }
        }
        return new UpstreamDecision.Denied("upstream " + HostPort.of(h, port) + " is not on the allow-list");
    }

    /**
     * Second step: resolve off the event loop and pick the first address that is not denied (or is permitted by
     * the rule). Fails with {@link UpstreamDeniedException} when every address is denied, {@link UnknownHostException}
     * when the name does not resolve.
     */
    public CompletionStage<InetSocketAddress> resolve(UpstreamDecision.Allowed allowed) {
        return lookup(allowed.host(), addresses -> pick(allowed, addresses));
    }

    /**
     * Resolves an upstream the operator configured (a dedicated listener). The denied ranges do not apply: the
     * operator chose the address, no client did.
     */
    public CompletionStage<InetSocketAddress> resolveConfigured(UpstreamDecision.Allowed allowed) {
        return lookup(allowed.host(), addresses -> new InetSocketAddress(addresses[0], allowed.port()));
    }

    /** Resolves {@code host} (an IP literal without DNS) on the DNS executor, bounded by the DNS timeout. */
    private CompletionStage<InetSocketAddress> lookup(String host,
                                                      java.util.function.Function<InetAddress[], InetSocketAddress> choose) {
        return CompletableFuture.supplyAsync(() -> {
            InetAddress[] addresses;
            try {
                byte[] literal = IpLiterals.parse(host);
                addresses = literal != null
                        ? new InetAddress[]{InetAddress.getByAddress(literal)}
                        : InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(new UnknownHostException("cannot resolve " + host));
            }
            return choose.apply(addresses);
        }, dnsExecutor).orTimeout(settings.dnsTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Checks a concrete address (for transparent mode, where the destination is already an address). */
    public InetSocketAddress pick(UpstreamDecision.Allowed allowed, InetAddress... addresses) {
        String firstReason = null;
        for (InetAddress a : addresses) {
            InetAddress addr = Cidr.unmap(a);
            boolean permitted = allowed.rule().permitAddresses().stream().anyMatch(c -> c.contains(addr));
            String reason = permitted ? null : denied.reason(addr);
            if (reason == null) {
                return new InetSocketAddress(addr, allowed.port());
            }
            if (firstReason == null) {
                firstReason = reason;
            }
        }
        throw new UpstreamDeniedException(allowed.host() + " resolves to a " + firstReason + " address, which upstreams may not use");
    }

    public UpstreamSettings settings() {
        return settings;
    }
}
