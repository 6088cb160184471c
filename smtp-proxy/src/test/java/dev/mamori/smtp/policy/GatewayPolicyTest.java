package dev.mamori.smtp.policy;

import dev.mamori.core.config.ConfigLoader;
import dev.mamori.core.config.SmtpGatewaySettings;
import dev.mamori.core.net.Transports;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway policy through the {@link SmtpPolicy} interface, as the SMTP session calls it. */
class GatewayPolicyTest {
    private static final String GATEWAY = """
            relay:
              clientNetworks: [127.0.0.0/8, '::1/128', 10.0.0.0/8]
              internalDomains: [example.com]
              authenticatedMayRelay: true
            throttle:
              exempt: [10.9.9.9]
              perIp:     { maxConnections: 3, maxMessages: 2, window: 1m, blockFor: 5m }
              perSender: { maxMessages: 100 }
              perUser:   { maxMessages: 1, window: 10m, blockFor: 10m }
            dnsblTimeout: 2s
            """;

    private final ManualClock clock = new ManualClock();
    private TestDnsServer dns;
    private EventLoopGroup group;
    private GatewayPolicy policy;

    @BeforeEach
    void start() throws Exception {
        dns = new TestDnsServer();
        dns.answerZone("bl.example", new TestDnsServer.Addresses(List.of("127.0.0.2")));
        dns.answer("9.113.0.203.bl.example", new TestDnsServer.Code(io.netty.handler.codec.dns.DnsResponseCode.NXDOMAIN));
        dns.answerZone("silent.example", new TestDnsServer.Silence());
        group = Transports.group(1, Thread.ofPlatform().name("gateway-test-", 0).factory());
        SmtpGatewaySettings settings = ConfigLoader.parseSection(GATEWAY, SmtpGatewaySettings.class, "gateway.yaml");
        policy = GatewayPolicy.create(settings,
                Map.of("inbound", List.of("bl.example"), "inbound-slow", List.of("silent.example", "bl.example"),
                        "submission", List.of()),
                group, clock, List.of(dns.address()));
    }

    @AfterEach
    void stop() {
        policy.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        dns.close();
    }

    private static SmtpClientFacts client(String ip, int port, String listener, String user) {
        return new SmtpClientFacts(new InetSocketAddress(ip, port), listener, "client.example", user, false);
    }

    private PolicyReply connect(SmtpClientFacts c) throws Exception {
        return policy.connect(c).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void inboundMailFromTheInternetReachesOnlyInternalDomains() throws Exception {
        SmtpClientFacts mx = client("203.0.113.9", 40000, "inbound-slow", null);
        assertThat(connect(mx)).isEqualTo(PolicyReply.ACCEPT);
        assertThat(policy.mailFrom(mx, "sender@elsewhere.net")).isEqualTo(PolicyReply.ACCEPT);
        assertThat(policy.rcptTo(mx, "sender@elsewhere.net", "user@example.com")).isEqualTo(PolicyReply.ACCEPT);
        assertThat(policy.rcptTo(mx, "sender@elsewhere.net", "victim@elsewhere.org").line())
                .isEqualTo("554 5.7.1 <victim@elsewhere.org>: Relay access denied");
        policy.accepted(mx, "sender@elsewhere.net", 1);
        policy.disconnected(mx);

        GatewayStats stats = policy.stats();
        assertThat(stats.relayDenials()).isEqualTo(1);
        assertThat(stats.dnsblSkips()).as("the silent list was skipped").isEqualTo(1);
        assertThat(stats.dnsblHits()).isZero();
    }

    @Test
    void listedClientIsRefusedAtConnectButOnlyOnListenersWithZones() throws Exception {
        PolicyReply listed = connect(client("198.51.100.20", 40001, "inbound", null));
        assertThat(listed.line()).isEqualTo("554 5.7.1 Service unavailable; Client host [198.51.100.20] blocked using bl.example");
        assertThat(connect(client("198.51.100.20", 40002, "submission", null))).isEqualTo(PolicyReply.ACCEPT);
        assertThat(connect(client("198.51.100.20", 40003, "unknown-listener", null))).isEqualTo(PolicyReply.ACCEPT);
        assertThat(policy.stats().dnsblHits()).isEqualTo(1);
    }

    @Test
    void submissionRelaysForAuthenticatedUsersAndPerUserLimitApplies() throws Exception {
        SmtpClientFacts before = client("203.0.113.50", 40010, "submission", null);
        assertThat(connect(before)).isEqualTo(PolicyReply.ACCEPT);
        assertThat(policy.rcptTo(before, "alice@example.com", "friend@elsewhere.net").accepted()).isFalse();

        SmtpClientFacts alice = client("203.0.113.50", 40010, "submission", "alice");
        assertThat(policy.mailFrom(alice, "alice@example.com")).isEqualTo(PolicyReply.ACCEPT);
        assertThat(policy.rcptTo(alice, "alice@example.com", "friend@elsewhere.net")).isEqualTo(PolicyReply.ACCEPT);
        policy.accepted(alice, "alice@example.com", 1);
        assertThat(policy.mailFrom(alice, "alice@example.com").line())
                .isEqualTo("450 4.7.1 Too many messages for your account (limit 1 per 10m); try again in 600 seconds");
        policy.disconnected(alice);
        assertThat(policy.stats().throttledMessagesPerUser()).isEqualTo(1);
    }

    @Test
    void connectionAndMessageThrottlesPerClientWithBlockPeriod() throws Exception {
        for (int i = 0; i < 3; i++) {
            SmtpClientFacts c = client("192.0.2.33", 41000 + i, "submission", null);
            assertThat(connect(c)).isEqualTo(PolicyReply.ACCEPT);
            policy.accepted(c, "a@example.com", 3);
            policy.disconnected(c);
        }
        SmtpClientFacts fourth = client("192.0.2.33", 41003, "submission", null);
        assertThat(connect(fourth).line()).startsWith("421 4.7.0 Too many connections from your address 192.0.2.33 (limit 3 per 1m)");
        policy.disconnected(fourth); // the session ends after the refusal; nothing was counted, nothing is released

        clock.advance(Duration.ofMinutes(5));
        SmtpClientFacts later = client("192.0.2.33", 41004, "submission", null);
        assertThat(connect(later)).isEqualTo(PolicyReply.ACCEPT);
        assertThat(policy.mailFrom(later, "a@example.com")).isEqualTo(PolicyReply.ACCEPT);
        policy.accepted(later, "a@example.com", 1);
        policy.accepted(later, "a@example.com", 1);
        assertThat(policy.mailFrom(later, "a@example.com").line())
                .startsWith("450 4.7.1 Too many messages from your address 192.0.2.33 (limit 2 per 1m)");

        GatewayStats stats = policy.stats();
        assertThat(stats.throttledConnections()).isEqualTo(1);
        assertThat(stats.throttledMessagesPerIp()).isEqualTo(1);
        assertThat(stats.throttleKeys()).isPositive();
    }

    @Test
    void exemptInternalRelayIsNeitherThrottledNorLookedUp() throws Exception {
        for (int i = 0; i < 20; i++) {
            SmtpClientFacts relay = client("10.9.9.9", 42000 + i, "inbound", null);
            assertThat(connect(relay)).isEqualTo(PolicyReply.ACCEPT);
            assertThat(policy.mailFrom(relay, "bulk@example.com")).isEqualTo(PolicyReply.ACCEPT);
            assertThat(policy.rcptTo(relay, "bulk@example.com", "anyone@elsewhere.net")).isEqualTo(PolicyReply.ACCEPT);
            policy.accepted(relay, "bulk@example.com", 1);
            policy.disconnected(relay);
        }
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void unresolvedClientAddressWithAnIpLiteralWorks() throws Exception {
        SmtpClientFacts c = new SmtpClientFacts(InetSocketAddress.createUnresolved("203.0.113.9", 45000), "submission", null, null, false);
        assertThat(connect(c)).isEqualTo(PolicyReply.ACCEPT);
        assertThat(policy.rcptTo(c, "", "x@elsewhere.net").accepted()).isFalse();
        SmtpClientFacts named = new SmtpClientFacts(InetSocketAddress.createUnresolved("mx.example", 45001), "submission", null, null, false);
        assertThatThrownBy(() -> policy.rcptTo(named, "", "x@example.com")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badSenderSyntaxIsRefusedAtMail() throws Exception {
        SmtpClientFacts c = client("127.0.0.1", 43000, "submission", null);
        assertThat(policy.mailFrom(c, "no-domain").line()).isEqualTo("501 5.1.7 Bad sender address syntax");
        assertThat(policy.mailFrom(c, "")).isEqualTo(PolicyReply.ACCEPT);
    }

    @Test
    void invalidZonesAreRefusedAtConstruction() {
        assertThatThrownBy(() -> GatewayPolicy.create(SmtpGatewaySettings.defaults(), Map.of("inbound", List.of("bad zone")),
                group, clock, List.of(dns.address()))).hasMessageContaining("'bad zone' is not a DNSBL zone name");
        assertThatThrownBy(() -> new GatewayPolicy(SmtpGatewaySettings.defaults(), Map.of("inbound", List.of("bl.example")), null, clock))
                .hasMessageContaining("no DNSBL checker");
    }

    @Test
    void withoutZonesNoResolverIsNeeded() throws Exception {
        try (GatewayPolicy plain = new GatewayPolicy(SmtpGatewaySettings.defaults(), Map.of(), null, clock)) {
            SmtpClientFacts c = client("203.0.113.9", 44000, "inbound", null);
            assertThat(plain.connect(c).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(PolicyReply.ACCEPT);
            assertThat(plain.rcptTo(c, "", "postmaster")).isEqualTo(PolicyReply.ACCEPT);
            assertThat(plain.rcptTo(c, "", "x@example.com").accepted()).isFalse();
            assertThat(plain.stats().relayDenials()).isEqualTo(1);
        }
    }
}
