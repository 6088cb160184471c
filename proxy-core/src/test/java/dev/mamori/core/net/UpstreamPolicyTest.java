package dev.mamori.core.net;

import dev.mamori.core.config.UpstreamRule;
import dev.mamori.core.config.UpstreamSettings;
import dev.mamori.core.config.UpstreamTls;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamPolicyTest {
    private static final Executor DIRECT = Runnable::run;

    /** Any host on 110 and 995, no exceptions to the denied ranges. */
    private final UpstreamPolicy anyHost = policy(rule(List.of("*"), List.of("110", "995"), List.of(), null));

    // ------------------------------------------------------------------------------------------------ check

    @Test
    void nothingIsAllowedByDefault() {
        UpstreamPolicy policy = new UpstreamPolicy(UpstreamSettings.defaults(), DIRECT);
        assertThat(policy.check("pop.example.net", 110)).isEqualTo(
                new UpstreamDecision.Denied("upstream pop.example.net:110 is not on the allow-list"));
        assertThat(policy.check("2001:db8::1", 110)).isInstanceOf(UpstreamDecision.Denied.class)
                .extracting(d -> ((UpstreamDecision.Denied) d).reason()).asString().contains("[2001:db8::1]:110");
    }

    @Test
    void theFirstMatchingRuleWins() {
        UpstreamRule mailHosts = rule(List.of("*.example.net"), List.of("110"), List.of(), UpstreamTls.NONE);
        UpstreamRule anything = rule(List.of("*"), List.of("1-65535"), List.of(), UpstreamTls.OPPORTUNISTIC);
        UpstreamPolicy policy = policy(mailHosts, anything);

        assertThat(allowed(policy, "pop.example.net", 110).rule()).isSameAs(mailHosts);
        assertThat(allowed(policy, "pop.example.net", 110).tls()).isEqualTo(UpstreamTls.NONE);
        // host matches the first rule but the port does not: the next rule decides
        assertThat(allowed(policy, "pop.example.net", 111).rule()).isSameAs(anything);
        assertThat(allowed(policy, "pop.other.org", 110).rule()).isSameAs(anything);

        UpstreamPolicy reversed = policy(anything, mailHosts);
        assertThat(allowed(reversed, "pop.example.net", 110).rule()).isSameAs(anything);
    }

    @Test
    void allowedCarriesTheLowerCasedHostAndThePort() {
        UpstreamPolicy policy = policy(rule(List.of("pop.example.net"), List.of("110"), List.of(), null));
        UpstreamDecision.Allowed a = allowed(policy, "POP.Example.Net", 110);
        assertThat(a.host()).isEqualTo("pop.example.net");
        assertThat(a.port()).isEqualTo(110);
    }

    @Test
    void portRangesAreInclusive() {
        UpstreamPolicy policy = policy(rule(List.of("*"), List.of("110", "11000-11099", "2110"), List.of(), null));
        for (int port : new int[]{110, 11000, 11050, 11099, 2110}) {
            assertThat(policy.check("h.example.net", port)).as("port %d", port).isInstanceOf(UpstreamDecision.Allowed.class);
        }
        for (int port : new int[]{109, 111, 10999, 11100, 995, 2111}) {
            assertThat(policy.check("h.example.net", port)).as("port %d", port).isInstanceOf(UpstreamDecision.Denied.class);
        }
    }

    @Test
    void starMatchesEveryHostNameAndLiteral() {
        UpstreamPolicy policy = policy(rule(List.of("*"), List.of("110"), List.of(), null));
        for (String host : new String[]{"pop.example.net", "localhost", "10.0.0.1", "2001:db8::1", "x"}) {
            assertThat(policy.check(host, 110)).as(host).isInstanceOf(UpstreamDecision.Allowed.class);
        }
    }

    @Test
    void wildcardMatchesSubdomainsOnly() {
        UpstreamPolicy policy = policy(rule(List.of("*.example.net"), List.of("110"), List.of(), null));
        for (String host : new String[]{"pop.example.net", "a.b.example.net", "POP.EXAMPLE.NET"}) {
            assertThat(policy.check(host, 110)).as(host).isInstanceOf(UpstreamDecision.Allowed.class);
        }
        for (String host : new String[]{"example.net", "badexample.net", ".example.net", "example.net.evil.org",
                "pop.example.net.evil.org", "pop.example.org", "192.0.2.1"}) {
            assertThat(policy.check(host, 110)).as(host).isInstanceOf(UpstreamDecision.Denied.class);
        }
    }

    @Test
    void exactNameMatchesOnlyItself() {
        UpstreamPolicy policy = policy(rule(List.of("pop.example.net"), List.of("110"), List.of(), null));
        assertThat(policy.check("pop.example.net", 110)).isInstanceOf(UpstreamDecision.Allowed.class);
        for (String host : new String[]{"xpop.example.net", "a.pop.example.net", "pop.example.ne", "example.net"}) {
            assertThat(policy.check(host, 110)).as(host).isInstanceOf(UpstreamDecision.Denied.class);
        }
    }

    @Test
    void ipLiteralRulesMatchTheSameAddressInAnySpelling() {
        UpstreamPolicy policy = policy(rule(List.of("192.0.2.10", "2001:db8::1"), List.of("110"), List.of(), null));
        for (String host : new String[]{"192.0.2.10", "2001:db8::1", "2001:0db8:0000::0001", "2001:DB8::1"}) {
            assertThat(policy.check(host, 110)).as(host).isInstanceOf(UpstreamDecision.Allowed.class);
        }
        for (String host : new String[]{"192.0.2.11", "2001:db8::2", "pop.example.net"}) {
            assertThat(policy.check(host, 110)).as(host).isInstanceOf(UpstreamDecision.Denied.class);
        }
    }

    @Test
    void cidrRulesMatchIpLiteralsOnly() {
        UpstreamPolicy policy = policy(rule(List.of("192.0.2.0/24", "2001:db8::/32"), List.of("110"), List.of(), null));
        for (String host : new String[]{"192.0.2.0", "192.0.2.77", "192.0.2.255", "2001:db8:1::5"}) {
            assertThat(policy.check(host, 110)).as(host).isInstanceOf(UpstreamDecision.Allowed.class);
        }
        // a name is never matched by a CIDR rule, whatever it resolves to
        for (String host : new String[]{"192.0.3.1", "2001:db9::1", "pop.example.net", "192-0-2-1.example.net", "localhost"}) {
            assertThat(policy.check(host, 110)).as(host).isInstanceOf(UpstreamDecision.Denied.class);
        }
    }

    @Test
    void implicitTlsPortsAreImplicitWhateverTheRuleSays() {
        UpstreamPolicy policy = policy(rule(List.of("*"), List.of("110", "995"), List.of(), UpstreamTls.NONE));
        assertThat(allowed(policy, "pop.example.net", 995).tls()).isEqualTo(UpstreamTls.IMPLICIT);
        assertThat(allowed(policy, "pop.example.net", 110).tls()).isEqualTo(UpstreamTls.NONE);
    }

    @Test
    void ruleTlsOverridesTheSectionTlsWhichIsTheDefault() {
        UpstreamRule plain = rule(List.of("plain.example.net"), List.of("110"), List.of(), UpstreamTls.NONE);
        UpstreamRule inherit = rule(List.of("*"), List.of("110", "1995"), List.of(), null);
        UpstreamSettings settings = new UpstreamSettings(List.of(plain, inherit), null, UpstreamTls.OPPORTUNISTIC,
                List.of(PortRange.parse("1995-1996")), null, null, null, null);
        UpstreamPolicy policy = new UpstreamPolicy(settings, DIRECT);
        assertThat(allowed(policy, "plain.example.net", 110).tls()).isEqualTo(UpstreamTls.NONE);
        assertThat(allowed(policy, "other.example.net", 110).tls()).isEqualTo(UpstreamTls.OPPORTUNISTIC);
        assertThat(allowed(policy, "other.example.net", 1995).tls()).isEqualTo(UpstreamTls.IMPLICIT);

        // the section default is REQUIRED
        assertThat(allowed(policy(inherit), "other.example.net", 110).tls()).isEqualTo(UpstreamTls.REQUIRED);
    }

    // ------------------------------------------------------------------------------------------------- pick

    @Test
    void deniedRangesAreRefusedWithTheirReason() throws Exception {
        UpstreamDecision.Allowed a = allowed(anyHost, "h.example.net", 110);
        UpstreamPolicy policy = anyHost;
        assertDenied(policy, a, ip("127.0.0.1"), "loopback");
        assertDenied(policy, a, ip("::1"), "loopback");
        assertDenied(policy, a, ip("10.20.30.40"), "private");
        assertDenied(policy, a, ip("169.254.169.254"), "link-local (cloud metadata)");
        assertDenied(policy, a, ip("fe80::1"), "link-local");
        assertDenied(policy, a, mapped("127.0.0.1"), "loopback");
        assertDenied(policy, a, mapped("169.254.169.254"), "link-local (cloud metadata)");
        assertDenied(policy, a, ip("0.0.0.0"), "unspecified");
        assertDenied(policy, a, ip("::"), "unspecified");
        assertDenied(policy, a, ip("224.0.0.1"), "multicast");
        assertDenied(policy, a, ip("ff02::1"), "multicast");
    }

    @Test
    void deniedMessageNamesTheHost() throws Exception {
        UpstreamDecision.Allowed a = allowed(anyHost, "sneaky.example.net", 110);
        assertThatThrownBy(() -> anyHost.pick(a, ip("127.0.0.1")))
                .isInstanceOf(UpstreamDeniedException.class)
                .hasMessage("sneaky.example.net resolves to a loopback address, which upstreams may not use");
    }

    @Test
    void publicAddressesAreUsedWithTheRequestedPort() throws Exception {
        UpstreamDecision.Allowed a = allowed(anyHost, "h.example.net", 995);
        InetSocketAddress picked = anyHost.pick(a, ip("93.184.215.14"));
        assertThat(picked.getAddress()).isEqualTo(ip("93.184.215.14"));
        assertThat(picked.getPort()).isEqualTo(995);
        assertThat(anyHost.pick(a, ip("2606:4700::1111")).getAddress()).isEqualTo(ip("2606:4700::1111"));
    }

    @Test
    void aMappedPublicAddressIsUsedAsItsIpv4Address() throws Exception {
        UpstreamDecision.Allowed a = allowed(anyHost, "h.example.net", 110);
        InetSocketAddress picked = anyHost.pick(a, mapped("93.184.215.14"));
        assertThat(picked.getAddress()).isInstanceOf(Inet4Address.class).isEqualTo(ip("93.184.215.14"));
    }

    @Test
    void theFirstAllowedAddressWins() throws Exception {
        UpstreamDecision.Allowed a = allowed(anyHost, "h.example.net", 110);
        InetSocketAddress picked = anyHost.pick(a, ip("127.0.0.1"), ip("10.0.0.1"), ip("198.51.100.7"), ip("203.0.113.9"));
        assertThat(picked.getAddress()).isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void whenAllAreDeniedTheFirstReasonIsGiven() throws Exception {
        UpstreamDecision.Allowed a = allowed(anyHost, "h.example.net", 110);
        assertThatThrownBy(() -> anyHost.pick(a, ip("10.0.0.1"), ip("127.0.0.1"), ip("fe80::1")))
                .isInstanceOf(UpstreamDeniedException.class)
                .hasMessageContaining("a private address");
    }

    @Test
    void noAddressAtAllIsDenied() {
        UpstreamDecision.Allowed a = allowed(anyHost, "h.example.net", 110);
        assertThatThrownBy(() -> anyHost.pick(a)).isInstanceOf(UpstreamDeniedException.class);
    }

    @Test
    void permitAddressesAreExceptionsForTheirRuleOnly() throws Exception {
        UpstreamRule lab = rule(List.of("lab.example.net"), List.of("110"), List.of("127.0.0.1", "10.0.0.0/8"), null);
        UpstreamRule rest = rule(List.of("*"), List.of("110"), List.of(), null);
        UpstreamPolicy policy = policy(lab, rest);

        UpstreamDecision.Allowed viaLab = allowed(policy, "lab.example.net", 110);
        assertThat(policy.pick(viaLab, ip("127.0.0.1")).getAddress()).isEqualTo(ip("127.0.0.1"));
        assertThat(policy.pick(viaLab, ip("10.9.8.7")).getAddress()).isEqualTo(ip("10.9.8.7"));
        assertThat(policy.pick(viaLab, mapped("10.9.8.7")).getAddress()).isInstanceOf(Inet4Address.class)
                .isEqualTo(ip("10.9.8.7"));
        assertDenied(policy, viaLab, ip("127.0.0.2"), "loopback");
        assertDenied(policy, viaLab, ip("192.168.1.1"), "private");
        assertThat(policy.pick(viaLab, ip("127.0.0.2"), ip("127.0.0.1")).getAddress()).isEqualTo(ip("127.0.0.1"));

        UpstreamDecision.Allowed viaRest = allowed(policy, "other.example.net", 110);
        assertDenied(policy, viaRest, ip("127.0.0.1"), "loopback");
    }

    @Test
    void extraDeniedRangesApply() throws Exception {
        UpstreamRule any = rule(List.of("*"), List.of("110"), List.of(), null);
        UpstreamSettings settings = new UpstreamSettings(List.of(any), List.of(Cidr.parse("198.51.100.0/24")), null, null,
                null, null, null, null);
        UpstreamPolicy policy = new UpstreamPolicy(settings, DIRECT);
        UpstreamDecision.Allowed a = allowed(policy, "h.example.net", 110);
        assertDenied(policy, a, ip("198.51.100.7"), "denied by configuration");
        assertThat(policy.pick(a, ip("198.51.101.7")).getPort()).isEqualTo(110);
    }

    // ----------------------------------------------------------------------------------------------- resolve

    @Test
    void localhostIsDeniedAsLoopback() {
        UpstreamPolicy policy = policy(rule(List.of("localhost"), List.of("110"), List.of(), null));
        UpstreamDecision.Allowed a = allowed(policy, "localhost", 110);
        assertThatThrownBy(() -> policy.resolve(a).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(UpstreamDeniedException.class)
                .hasMessageContaining("localhost resolves to a loopback address");
    }

    @Test
    void localhostIsUsedWhenPermitted() {
        UpstreamPolicy policy = policy(rule(List.of("localhost"), List.of("1110"), List.of("127.0.0.0/8", "::1"), null));
        InetSocketAddress resolved = policy.resolve(allowed(policy, "localhost", 1110)).toCompletableFuture().join();
        assertThat(resolved.getAddress().isLoopbackAddress()).isTrue();
        assertThat(resolved.getPort()).isEqualTo(1110);
        assertThat(resolved.isUnresolved()).isFalse();
    }

    @Test
    void ipLiteralsAreCheckedWithoutDns() {
        UpstreamPolicy policy = policy(rule(List.of("*"), List.of("110"), List.of(), null));
        assertThatThrownBy(() -> policy.resolve(allowed(policy, "10.1.2.3", 110)).toCompletableFuture().join())
                .cause().isInstanceOf(UpstreamDeniedException.class).hasMessageContaining("private");
        assertThatThrownBy(() -> policy.resolve(allowed(policy, "::ffff:127.0.0.1", 110)).toCompletableFuture().join())
                .cause().isInstanceOf(UpstreamDeniedException.class).hasMessageContaining("loopback");
        InetSocketAddress ok = policy.resolve(allowed(policy, "2606:4700::1111", 110)).toCompletableFuture().join();
        assertThat(ok.getAddress()).isEqualTo(ip("2606:4700::1111"));
    }

    @Test
    void resolveConfiguredIgnoresTheDeniedRanges() {
        UpstreamPolicy policy = policy(rule(List.of("*"), List.of("110"), List.of(), null));
        InetSocketAddress a = policy.resolveConfigured(allowed(policy, "127.0.0.1", 110)).toCompletableFuture().join();
        assertThat(a.getAddress().isLoopbackAddress()).isTrue();
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private static void assertDenied(UpstreamPolicy policy, UpstreamDecision.Allowed a, InetAddress address, String reason) {
        assertThatThrownBy(() -> policy.pick(a, address)).as("%s", address)
                .isInstanceOf(UpstreamDeniedException.class)
                .hasMessageContaining("resolves to a " + reason + " address");
    }

    static UpstreamRule rule(List<String> hosts, List<String> ports, List<String> permit, UpstreamTls tls) {
        return new UpstreamRule(hosts, ports.stream().map(PortRange::parse).toList(),
                permit.stream().map(Cidr::parse).toList(), tls);
    }

    private static UpstreamPolicy policy(UpstreamRule... rules) {
        return new UpstreamPolicy(new UpstreamSettings(Arrays.asList(rules), null, null, null, null, null, null, null), DIRECT);
    }

    private static UpstreamDecision.Allowed allowed(UpstreamPolicy policy, String host, int port) {
        UpstreamDecision d = policy.check(host, port);
        assertThat(d).as("%s:%d", host, port).isInstanceOf(UpstreamDecision.Allowed.class);
        return (UpstreamDecision.Allowed) d;
    }

    static InetAddress ip(String literal) {
        byte[] b = IpLiterals.parse(literal);
        assertThat(b).as(literal).isNotNull();
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** An IPv4-mapped IPv6 address that stays an {@link Inet6Address} (InetAddress.getByAddress would unmap it). */
    static InetAddress mapped(String ipv4) {
        byte[] v4 = ip(ipv4).getAddress();
        byte[] b = new byte[16];
        b[10] = (byte) 0xFF;
        b[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, b, 12, 4);
        try {
            InetAddress a = Inet6Address.getByAddress(null, b, -1);
            assertThat(a).isInstanceOf(Inet6Address.class);
            return a;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
