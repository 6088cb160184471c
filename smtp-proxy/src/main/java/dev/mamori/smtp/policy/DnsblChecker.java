package dev.mamori.smtp.policy;

import dev.mamori.core.net.Cidr;
import dev.mamori.core.net.HostNames;
import dev.mamori.core.net.Transports;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Checks a client address against DNS blocklists (RFC 5782): the A record of the reversed address under each zone,
 * e.g. {@code 7.2.0.192.zen.spamhaus.org} for 192.0.2.7, or the 32 reversed nibbles of an IPv6 address. An answer in
 * 127.0.0.2-127.0.0.255 means listed; NXDOMAIN or an empty answer means not listed. Anything else (a timeout,
 * SERVFAIL, REFUSED, an answer outside 127.0.0.0/24 such as the 127.255.255.x error codes some lists use) means the
 * list is not usable right now: it is skipped for this client, counted, and logged at most once a minute per zone.
 * A DNSBL never delays mail longer than {@code timeout} and never refuses mail by failing.
 *
 * <p>Queries run on Netty's asynchronous {@link DnsNameResolver} on one event loop, without cache, search domains or
 * retries. Loopback, private, link-local and shared (CGNAT) client addresses are never looked up.
 */
public final class DnsblChecker implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(DnsblChecker.class);
    private static final long LOG_INTERVAL_MS = 60_000;
    private static final Cidr UNIQUE_LOCAL = Cidr.parse("fc00::/7");
    private static final Cidr SHARED = Cidr.parse("100.64.0.0/10");

    private final DnsNameResolver resolver;
    private final Duration timeout;
    private final Clock clock;
    private final LongAdder hits = new LongAdder();
    private final LongAdder skips = new LongAdder();
    private final Map<String, SkipLog> skipLogs = new ConcurrentHashMap<>();

    private DnsblChecker(DnsNameResolver resolver, Duration timeout, Clock clock) {
        this.resolver = resolver;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A checker that asks the operating system's configured name servers. */
    public static DnsblChecker create(EventLoop loop, Duration timeout, Clock clock) {
        return create(loop, timeout, clock, DnsServerAddressStreamProviders.platformDefault());
    }

    /** A checker that asks the given name servers, in order (tests, or a dedicated resolver for DNSBL queries). */
    public static DnsblChecker create(EventLoop loop, Duration timeout, Clock clock, List<InetSocketAddress> nameServers) {
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("at least one name server is needed");
        }
        return create(loop, timeout, clock, new SequentialDnsServerAddressStreamProvider(nameServers));
    }

    private static DnsblChecker create(EventLoop loop, Duration timeout, Clock clock, DnsServerAddressStreamProvider servers) {
        DnsNameResolver resolver = new DnsNameResolverBuilder(loop)
                .datagramChannelType(datagramChannel())
                .nameServerProvider(servers)
                .queryTimeoutMillis(timeout.toMillis())
                .maxQueriesPerResolve(1)
                .resolveCache(NoopDnsCache.INSTANCE)
                .searchDomains(List.of())
                .recursionDesired(true)
                .build();
        return new DnsblChecker(resolver, timeout, clock);
    }

    private static Class<? extends DatagramChannel> datagramChannel() {
        return Transports.epoll() ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /**
     * The first zone, in the order given, that lists {@code client}; completes with {@code null} when none does or the
     * address is not looked up. Completes within the timeout (on the resolver's event loop or a timer thread), never
     * exceptionally.
     */
    public CompletionStage<String> firstListing(InetAddress client, List<String> zones) {
        InetAddress a = Cidr.unmap(client);
        if (zones.isEmpty() || !isLookedUp(a)) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Boolean>> answers = new ArrayList<>(zones.size());
        for (String zone : zones) {
            answers.add(listedIn(a, zone));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            for (int i = 0; i < zones.size(); i++) {
                if (answers.get(i).join()) {
                    hits.increment();
                    return zones.get(i);
                }
            }
            return null;
        });
    }

    /** Whether {@code zone} lists the address; {@code false} also when the zone could not answer in time. */
    private CompletableFuture<Boolean> listedIn(InetAddress address, String zone) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        String name = queryName(address, zone);
        try {
            resolver.query(new DefaultDnsQuestion(name, DnsRecordType.A)).addListener(f -> {
                if (!f.isSuccess()) {
                    skipped(zone, f.cause() instanceof DnsNameResolverTimeoutException
                            ? "no answer within " + timeout.toMillis() + " ms" : "query failed: " + f.cause());
                    result.complete(false);
                    return;
                }
                @SuppressWarnings("unchecked")
                AddressedEnvelope<DnsResponse, InetSocketAddress> envelope = (AddressedEnvelope<DnsResponse, InetSocketAddress>) f.getNow();
                try {
                    result.complete(interpret(envelope.content(), zone));
                } finally {
                    envelope.release();
                }
            });
        } catch (RuntimeException e) {
            skipped(zone, "query failed: " + e);
            result.complete(false);
        }
        // the resolver enforces the timeout; this guards against a query that is never completed at all
        return result.completeOnTimeout(false, timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    private boolean interpret(DnsResponse response, String zone) {
        DnsResponseCode code = response.code();
        if (code.equals(DnsResponseCode.NXDOMAIN)) {
            return false;
        }
        if (!code.equals(DnsResponseCode.NOERROR)) {
            skipped(zone, "answered " + code.toString().toUpperCase(Locale.ROOT));
            return false;
        }
        int count = response.count(DnsSection.ANSWER);
        for (int i = 0; i < count; i++) {
            DnsRecord r = response.recordAt(DnsSection.ANSWER, i);
            if (r.type() != DnsRecordType.A || !(r instanceof DnsRawRecord raw)) {
                continue;
            }
            ByteBuf content = raw.content();
            if (content.readableBytes() != 4) {
                continue;
            }
            int first = content.getUnsignedByte(content.readerIndex());
            int second = content.getUnsignedByte(content.readerIndex() + 1);
            int third = content.getUnsignedByte(content.readerIndex() + 2);
            int last = content.getUnsignedByte(content.readerIndex() + 3);
            if (first == 127 && second == 0 && third == 0 && last >= 2) {
                return true;
            }
            skipped(zone, "answered " + first + "." + second + "." + third + "." + last + ", which is not a listing");
            return false;
        }
        return false; // NOERROR without an A record: not listed
    }

    private void skipped(String zone, String why) {
        skips.increment();
        SkipLog log = skipLogs.computeIfAbsent(zone, z -> new SkipLog());
        long now = clock.millis();
        long last = log.lastLogged.get();
        if (now - last >= LOG_INTERVAL_MS && log.lastLogged.compareAndSet(last, now)) {
            long more = log.suppressed.getAndSet(0);
            LOG.warn("DNSBL {} skipped: {}{}", zone, why, more == 0 ? "" : " (" + more + " more skips since the last message)");
        } else {
            log.suppressed.incrementAndGet();
        }
    }

    /** Clients that are listed, since start. */
    public long hits() {
        return hits.sum();
    }

    /** Zone queries skipped because the list did not answer usably in time, since start. */
    public long skips() {
        return skips.sum();
    }

    @Override
    public void close() {
        resolver.close();
    }

    /** Whether an address is worth looking up: public unicast only. */
    static boolean isLookedUp(InetAddress a) {
        return !(a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || UNIQUE_LOCAL.contains(a) || SHARED.contains(a));
    }

    /** {@code 7.2.0.192.zone.} for 192.0.2.7; the reversed nibbles for IPv6. Fully qualified (trailing dot). */
    static String queryName(InetAddress address, String zone) {
        byte[] a = Cidr.normalize(address);
        StringBuilder b = new StringBuilder(80);
        if (a.length == 4) {
            for (int i = 3; i >= 0; i--) {
                b.append(a[i] & 0xFF).append('.');
            }
        } else {
            for (int i = 15; i >= 0; i--) {
                b.append(Character.forDigit(a[i] & 0x0F, 16)).append('.').append(Character.forDigit((a[i] >> 4) & 0x0F, 16)).append('.');
            }
        }
        return b.append(zone.toLowerCase(Locale.ROOT)).append('.').toString();
    }

    /** Throws when {@code zone} is not a DNS name usable as a DNSBL zone. */
    static String validZone(String zone) {
        String z = zone.endsWith(".") ? zone.substring(0, zone.length() - 1) : zone;
        if (!HostNames.isValid(z)) {
            throw new IllegalArgumentException("'" + zone + "' is not a DNSBL zone name (example: zen.spamhaus.org)");
        }
        return z.toLowerCase(Locale.ROOT);
    }

    private static final class SkipLog {
        final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);
        final AtomicLong suppressed = new AtomicLong();
    }
}
