package dev.mamori.smtp.policy;

import dev.mamori.core.config.ThrottleLimit;
import dev.mamori.core.config.ThrottleSettings;
import dev.mamori.core.net.Cidr;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleTest {
    private final ManualClock clock = new ManualClock();

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private static ThrottleLimit limit(Integer connections, Integer messages) {
        return new ThrottleLimit(connections, messages, Duration.ofMinutes(1), Duration.ofMinutes(5));
    }

    private Throttle throttle(ThrottleLimit perIp, ThrottleLimit perSender, ThrottleLimit perUser, List<Cidr> exempt, Integer maxKeys) {
        return new Throttle(new ThrottleSettings(exempt, perIp, perSender, perUser, maxKeys), clock);
    }

    @Test
    void connectionLimitRefusesWith421UntilTheBlockEnds() throws Exception {
        Throttle t = throttle(limit(3, null), null, null, null, null);
        InetAddress client = ip("198.51.100.7");
        for (int i = 0; i < 3; i++) {
            assertThat(t.connect(client)).isEqualTo(PolicyReply.ACCEPT);
        }
        PolicyReply refused = t.connect(client);
        assertThat(refused.line()).isEqualTo("421 4.7.0 Too many connections from your address 198.51.100.7 (limit 3 per 1m); try again in 300 seconds");
        assertThat(refused.temporary()).isTrue();

        // the block outlasts the window: still refused after the window, with the remaining time
        clock.advance(Duration.ofMinutes(2));
        assertThat(t.connect(client).line()).endsWith("try again in 180 seconds");
        // another address is not affected
        assertThat(t.connect(ip("198.51.100.8")).accepted()).isTrue();

        clock.advance(Duration.ofMinutes(3));
        assertThat(t.connect(client).accepted()).as("block over, new window").isTrue();
        assertThat(t.throttledConnections()).isEqualTo(2);
    }

    @Test
    void windowIsFixedFromTheFirstEvent() throws Exception {
        Throttle t = throttle(limit(2, null), null, null, null, null);
        InetAddress client = ip("198.51.100.7");
        assertThat(t.connect(client).accepted()).isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(t.connect(client).accepted()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        // the window that started at the first connection is over: counting starts again
        assertThat(t.connect(client).accepted()).isTrue();
        assertThat(t.connect(client).accepted()).isTrue();
        assertThat(t.connect(client).accepted()).isFalse();
    }

    @Test
    void ipv6ClientsAreKeyedByTheirSlash64() throws Exception {
        Throttle t = throttle(limit(2, null), null, null, null, null);
        assertThat(t.connect(ip("2001:db8:1:2::1")).accepted()).isTrue();
        assertThat(t.connect(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")).accepted()).isTrue();
        PolicyReply third = t.connect(ip("2001:db8:1:2:abcd::9"));
        assertThat(third.line()).startsWith("421 4.7.0 Too many connections from your network 2001:db8:1:2::/64 ");
        assertThat(t.connect(ip("2001:db8:1:3::1")).accepted()).as("the neighbouring /64").isTrue();
        assertThat(Throttle.clientKey(ip("2001:db8:1:2:abcd::9"))).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void ipv4MappedAddressesCountAsTheirIpv4Address() throws Exception {
        Throttle t = throttle(limit(2, null), null, null, null, null);
        assertThat(t.connect(ip("::ffff:192.0.2.5")).accepted()).isTrue();
        assertThat(t.connect(ip("192.0.2.5")).accepted()).isTrue();
        assertThat(t.connect(ip("::ffff:192.0.2.5")).line()).contains("your address 192.0.2.5 ");
        assertThat(Throttle.clientKey(ip("::ffff:192.0.2.5"))).isEqualTo("192.0.2.5");
    }

    @Test
    void messageLimitPerIpRefusesTheNextMailWith450() throws Exception {
        Throttle t = throttle(limit(0, 2), limit(null, 0), limit(null, 0), null, null);
        InetAddress client = ip("198.51.100.7");
        for (int i = 0; i < 2; i++) {
            assertThat(t.mailFrom(client, "a" + i + "@example.com", null).accepted()).isTrue();
            t.accepted(client, "a" + i + "@example.com", null);
        }
        assertThat(t.mailFrom(client, "b@example.com", null).line())
                .isEqualTo("450 4.7.1 Too many messages from your address 198.51.100.7 (limit 2 per 1m); try again in 300 seconds");
        clock.advance(Duration.ofMinutes(5));
        assertThat(t.mailFrom(client, "b@example.com", null).accepted()).isTrue();
        assertThat(t.throttledMessagesPerIp()).isEqualTo(1);
    }

    @Test
    void perSenderIsCaseInsensitiveAndAcrossClientsAndNeverNamesTheSender() throws Exception {
        Throttle t = throttle(limit(0, 0), limit(null, 2), limit(null, 0), null, null);
        t.accepted(ip("198.51.100.7"), "Bulk@Example.com", null);
        t.accepted(ip("198.51.100.8"), "<bulk@example.COM>", null);
        assertThat(Throttle.senderKey("Kunde@BÜCHER.example")).isEqualTo("kunde@xn--bcher-kva.example");
        PolicyReply refused = t.mailFrom(ip("203.0.113.1"), "BULK@example.com", null);
        assertThat(refused.line()).isEqualTo("450 4.7.1 Too many messages from this sender address (limit 2 per 1m); try again in 300 seconds");
        assertThat(refused.text()).doesNotContain("198.51.100").doesNotContain("bulk");
        assertThat(t.mailFrom(ip("203.0.113.1"), "other@example.com", null).accepted()).isTrue();
        assertThat(t.throttledMessagesPerSender()).isEqualTo(1);
    }

    @Test
    void theNullSenderIsNotThrottledPerSender() throws Exception {
        Throttle t = throttle(limit(0, 0), limit(null, 1), limit(null, 0), null, null);
        for (int i = 0; i < 5; i++) {
            assertThat(t.mailFrom(ip("198.51.100." + i), "", null).accepted()).isTrue();
            t.accepted(ip("198.51.100." + i), "", null);
        }
    }

    @Test
    void perUserContainsACompromisedAccountOnAnyAddress() throws Exception {
        Throttle t = throttle(limit(0, 0), limit(null, 0), limit(null, 3), null, null);
        for (int i = 0; i < 3; i++) {
            InetAddress somewhere = ip("203.0.113." + (10 + i));
            assertThat(t.mailFrom(somewhere, "x" + i + "@example.com", "alice").accepted()).isTrue();
            t.accepted(somewhere, "x" + i + "@example.com", "alice");
        }
        PolicyReply refused = t.mailFrom(ip("192.0.2.99"), "new@example.com", "Alice");
        assertThat(refused.line()).isEqualTo("450 4.7.1 Too many messages for your account (limit 3 per 1m); try again in 300 seconds");
        assertThat(t.mailFrom(ip("192.0.2.99"), "new@example.com", "bob").accepted()).isTrue();
        assertThat(t.mailFrom(ip("192.0.2.99"), "new@example.com", null).accepted()).isTrue();
        assertThat(t.throttledMessagesPerUser()).isEqualTo(1);
    }

    @Test
    void exemptClientsAreNeverThrottledNorTheirSendersOrUsers() throws Exception {
        Throttle t = throttle(limit(1, 1), limit(null, 1), limit(null, 1), List.of(Cidr.parse("10.9.0.0/16")), null);
        InetAddress relay = ip("::ffff:10.9.1.1");
        for (int i = 0; i < 50; i++) {
            assertThat(t.connect(relay).accepted()).isTrue();
            assertThat(t.mailFrom(relay, "same@example.com", "svc").accepted()).isTrue();
            t.accepted(relay, "same@example.com", "svc");
        }
        assertThat(t.trackedKeys()).isZero();
        assertThat(t.connect(ip("10.8.1.1")).accepted()).isTrue();
        assertThat(t.connect(ip("10.8.1.1")).accepted()).as("outside the exempt range").isFalse();
    }

    @Test
    void floodOfDistinctKeysStaysWithinTheBoundAndKeepsBlockedEntries() throws Exception {
        int cap = 1000;
        Throttle t = throttle(limit(1, 0), limit(null, 1), limit(null, 0), null, cap);
        InetAddress blocked = ip("192.0.2.1");
        t.connect(blocked);
        assertThat(t.connect(blocked).accepted()).isFalse();
        t.accepted(blocked, "spammer@example.com", null);
        assertThat(t.mailFrom(blocked, "spammer@example.com", null).accepted()).isFalse();

        for (int i = 0; i < 200_000; i++) {
            InetAddress a = InetAddress.getByAddress(new byte[]{(byte) 100, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            t.connect(a);
            t.disconnected(a);
            t.accepted(a, "random" + i + "@flood.example", null);
            assertThat(t.trackedKeys()).isLessThanOrEqualTo(3 * cap);
        }
        assertThat(t.connect(blocked).accepted()).as("a blocked client survives the flood").isFalse();
        assertThat(t.mailFrom(ip("192.0.2.50"), "spammer@example.com", null).accepted()).as("a blocked sender too").isFalse();
    }

    @Test
    void expiredEntriesAreDroppedWhenTheTableIsFull() throws Exception {
        int cap = 100;
        Throttle t = throttle(limit(5, 0), limit(null, 0), limit(null, 0), null, cap);
        for (int i = 0; i < cap; i++) {
            InetAddress a = InetAddress.getByAddress(new byte[]{100, 0, 0, (byte) i});
            t.connect(a);
            t.disconnected(a);
        }
        assertThat(t.trackedKeys()).isEqualTo(cap);
        clock.advance(Duration.ofMinutes(1));
        t.connect(ip("100.0.1.1"));
        assertThat(t.trackedKeys()).isEqualTo(1);
        assertThat(t.untracked()).isZero();
    }

    @Test
    void aTableFullOfBusyClientsLetsNewClientsPassUntracked() throws Exception {
        int cap = 100;
        Throttle t = throttle(limit(5, 0), limit(null, 0), limit(null, 0), null, cap);
        for (int i = 0; i < cap; i++) {
            t.connect(InetAddress.getByAddress(new byte[]{100, 0, 0, (byte) i})); // never disconnected: busy
        }
        for (int i = 0; i < 10; i++) {
            assertThat(t.connect(ip("100.0.1.1")).accepted()).isTrue();
        }
        assertThat(t.trackedKeys()).isEqualTo(cap);
        assertThat(t.untracked()).isEqualTo(10);

        // once clients leave, their entries can make room again (after the sweep pause)
        for (int i = 0; i < cap; i++) {
            t.disconnected(InetAddress.getByAddress(new byte[]{100, 0, 0, (byte) i}));
        }
        clock.advance(Duration.ofSeconds(2));
        assertThat(t.connect(ip("100.0.1.2")).accepted()).isTrue();
        assertThat(t.untracked()).isEqualTo(10);
        assertThat(t.trackedKeys()).isLessThan(cap);
    }

    @Test
    void concurrentConnectsNeverAdmitMoreThanTheLimit() throws Exception {
        Throttle t = throttle(limit(100, null), null, null, null, null);
        InetAddress client = ip("198.51.100.7");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int th = 0; th < 4; th++) {
                results.add(pool.submit(() -> {
                    start.await();
                    int admitted = 0;
                    for (int i = 0; i < 100; i++) {
                        if (t.connect(client).accepted()) {
                            admitted++;
                        }
                    }
                    return admitted;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(100);
            assertThat(t.throttledConnections()).isEqualTo(300);
        } finally {
            pool.shutdownNow();
        }
    }
}
