package dev.mamori.smtp.policy;

import dev.mamori.core.net.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.dns.DnsResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DnsblCheckerTest {
    /** Far longer than any answer needs on a loaded machine; only the timeout test waits this out on purpose. */
    private static final long AWAIT_SECONDS = 30;

    private TestDnsServer dns;
    private EventLoopGroup group;
    private DnsblChecker checker;

    @BeforeEach
    void start() throws Exception {
        dns = new TestDnsServer();
        group = Transports.group(1, Thread.ofPlatform().name("dnsbl-test-", 0).factory());
        // generous, so that answered queries never time out on a loaded machine; silence tests use a short one
        checker = DnsblChecker.create(group.next(), Duration.ofSeconds(10), Clock.systemUTC(), List.of(dns.address()));
    }

    @AfterEach
    void stop() {
        checker.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        dns.close();
    }

    private String check(String client, String... zones) throws Exception {
        return checker.firstListing(InetAddress.getByName(client), List.of(zones)).toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void queryNamesReverseIpv4OctetsAndIpv6Nibbles() throws Exception {
        assertThat(DnsblChecker.queryName(InetAddress.getByName("192.0.2.7"), "bl.example")).isEqualTo("7.2.0.192.bl.example.");
        assertThat(DnsblChecker.queryName(InetAddress.getByName("::ffff:192.0.2.7"), "bl.example")).isEqualTo("7.2.0.192.bl.example.");
        assertThat(DnsblChecker.queryName(InetAddress.getByName("2001:db8::abc:1"), "BL.example"))
                .isEqualTo("1.0.0.0.c.b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.example.");
    }

    @Test
    void listedAddressIsReportedWithItsZone() throws Exception {
        dns.answer("7.2.0.192.bl.example", new TestDnsServer.Addresses(List.of("127.0.0.2")));
        assertThat(check("192.0.2.7", "bl.example")).isEqualTo("bl.example");
        assertThat(checker.hits()).isEqualTo(1);
        assertThat(checker.skips()).isZero();
    }

    @Test
    void ipv6ListingIsFoundByNibbles() throws Exception {
        dns.answer("1.0.0.0.c.b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.example",
                new TestDnsServer.Addresses(List.of("127.0.0.4")));
        assertThat(check("2001:db8::abc:1", "bl.example")).isEqualTo("bl.example");
    }

    @Test
    void nxdomainAndEmptyAnswersMeanNotListed() throws Exception {
        dns.answer("8.2.0.192.empty.example", new TestDnsServer.Addresses(List.of()));
        assertThat(check("192.0.2.8", "bl.example", "empty.example")).isNull();
        assertThat(dns.queries()).containsExactlyInAnyOrder("8.2.0.192.bl.example", "8.2.0.192.empty.example");
        assertThat(checker.skips()).isZero();
        assertThat(checker.hits()).isZero();
    }

    @Test
    void firstListingZoneInConfiguredOrderWins() throws Exception {
        dns.answerZone("first.example", new TestDnsServer.Addresses(List.of("127.0.0.3")));
        dns.answerZone("second.example", new TestDnsServer.Addresses(List.of("127.0.0.2")));
        assertThat(check("192.0.2.9", "clean.example", "first.example", "second.example")).isEqualTo("first.example");
        assertThat(check("192.0.2.9", "second.example", "first.example")).isEqualTo("second.example");
    }

    @Test
    void servfailIsSkippedNotListed() throws Exception {
        dns.answerZone("broken.example", new TestDnsServer.Code(DnsResponseCode.SERVFAIL));
        assertThat(check("192.0.2.10", "broken.example")).isNull();
        assertThat(checker.skips()).isEqualTo(1);
    }

    @Test
    void errorCodesOutsideTheListingRangeAreSkippedNotListed() throws Exception {
        // e.g. Spamhaus answers 127.255.255.254 to queries through public resolvers; 127.0.0.1 is never a listing
        dns.answerZone("errors.example", new TestDnsServer.Addresses(List.of("127.255.255.254")));
        dns.answerZone("one.example", new TestDnsServer.Addresses(List.of("127.0.0.1")));
        assertThat(check("192.0.2.11", "errors.example", "one.example")).isNull();
        assertThat(checker.skips()).isEqualTo(2);
        assertThat(checker.hits()).isZero();
    }

    @Test
    void silentListIsSkippedAfterTheTimeoutAndOthersStillCount() throws Exception {
        dns.answerZone("silent.example", new TestDnsServer.Silence());
        dns.answerZone("bl.example", new TestDnsServer.Addresses(List.of("127.0.0.2")));
        try (DnsblChecker quick = DnsblChecker.create(group.next(), Duration.ofSeconds(1), Clock.systemUTC(), List.of(dns.address()))) {
            assertThat(quick.firstListing(InetAddress.getByName("192.0.2.12"), List.of("silent.example"))
                    .toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS)).isNull();
            assertThat(quick.skips()).isEqualTo(1);
            assertThat(quick.firstListing(InetAddress.getByName("192.0.2.12"), List.of("silent.example", "bl.example"))
                    .toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("bl.example");
            assertThat(quick.skips()).isEqualTo(2);
        }
    }

    @Test
    void aBurstOfSkipsIsLoggedOncePerMinuteWithTheCountOfTheRest() throws Exception {
        ManualClock clock = new ManualClock();
        dns.answerZone("broken.example", new TestDnsServer.Code(DnsResponseCode.SERVFAIL));
        try (CapturedLog log = CapturedLog.of(DnsblChecker.class);
             DnsblChecker burst = DnsblChecker.create(group.next(), Duration.ofSeconds(10), clock, List.of(dns.address()))) {
            for (int i = 0; i < 5; i++) {
                assertThat(burst.firstListing(InetAddress.getByName("192.0.2." + (20 + i)), List.of("broken.example"))
                        .toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS)).isNull();
            }
            assertThat(log.messages()).containsExactly("DNSBL broken.example skipped: answered SERVFAIL(2)");
            clock.advance(Duration.ofMinutes(1));
            burst.firstListing(InetAddress.getByName("192.0.2.30"), List.of("broken.example")).toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(log.messages()).hasSize(2);
            assertThat(log.messages().get(1)).endsWith("(4 more skips since the last message)");
            assertThat(burst.skips()).isEqualTo(6);
        }
    }

    @Test
    void privateAndLoopbackClientsAreNeverLookedUp() throws Exception {
        dns.answerZone("bl.example", new TestDnsServer.Addresses(List.of("127.0.0.2")));
        for (String client : List.of("127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.1.1",
                "fd00::1", "fe80::1", "100.64.0.1", "::ffff:10.0.0.1")) {
            assertThat(check(client, "bl.example")).as(client).isNull();
        }
        assertThat(dns.queries()).isEmpty();
        assertThat(check("198.51.100.1", "bl.example")).isEqualTo("bl.example");
    }

    @Test
    void zoneNamesAreValidated() {
        assertThat(DnsblChecker.validZone("Zen.Spamhaus.org.")).isEqualTo("zen.spamhaus.org");
        assertThatThrownBy(() -> DnsblChecker.validZone("not a zone")).hasMessageContaining("is not a DNSBL zone name");
    }
}
