package dev.mamori.core.net;

import dev.mamori.core.config.AccessSettings;
import dev.mamori.core.config.LoginThrottle;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static dev.mamori.core.net.UpstreamPolicyTest.ip;
import static dev.mamori.core.net.UpstreamPolicyTest.mapped;
import static org.assertj.core.api.Assertions.assertThat;

class ClientGateTest {
    private static final InetAddress A = ip("192.168.1.10");
    private static final InetAddress B = ip("192.168.1.11");
    private static final InetAddress C = ip("192.168.1.12");

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));

    /** Total 3, per address 2; 3 failures within 5 minutes block for 15 minutes. */
    private ClientGate gate() {
        return new ClientGate(new AccessSettings(List.of(Cidr.parse("192.168.1.0/24"), Cidr.parse("2001:db8::/32")), 3, 2,
                new LoginThrottle(3, Duration.ofMinutes(5), Duration.ofMinutes(15))), clock);
    }

    // ------------------------------------------------------------------------------------------------- ACL

    @Test
    void aclAllowsListedRangesOnly() {
        ClientGate gate = gate();
        assertThat(gate.isAllowedClient(A)).isTrue();
        assertThat(gate.isAllowedClient(ip("2001:db8::42"))).isTrue();
        assertThat(gate.isAllowedClient(ip("192.168.2.10"))).isFalse();
        assertThat(gate.isAllowedClient(ip("127.0.0.1"))).isFalse();
        assertThat(gate.isAllowedClient(ip("::1"))).isFalse();
    }

    @Test
    void ipv4MappedClientAddressesAreJudgedAsIpv4() {
        // a dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d
        ClientGate gate = gate();
        assertThat(gate.isAllowedClient(mapped("192.168.1.10"))).isTrue();
        assertThat(gate.isAllowedClient(mapped("192.168.2.10"))).isFalse();
    }

    @Test
    void defaultAclIsLoopbackAndPrivateRanges() {
        ClientGate gate = new ClientGate(AccessSettings.defaults(), clock);
        for (String allowed : new String[]{"127.0.0.1", "::1", "10.1.2.3", "172.20.0.1", "192.168.0.5", "fd00::5"}) {
            assertThat(gate.isAllowedClient(ip(allowed))).as(allowed).isTrue();
        }
        assertThat(gate.isAllowedClient(mapped("127.0.0.1"))).isTrue();
        for (String denied : new String[]{"8.8.8.8", "2606:4700::1111", "172.32.0.1", "169.254.1.1", "fe80::1"}) {
            assertThat(gate.isAllowedClient(ip(denied))).as(denied).isFalse();
        }
        assertThat(gate.isAllowedClient(mapped("8.8.8.8"))).isFalse();
    }

    // ---------------------------------------------------------------------------------------------- limits

    @Test
    void perAddressLimit() {
        ClientGate gate = gate();
        assertThat(gate.admit(A)).isNull();
        assertThat(gate.admit(A)).isNull();
        assertThat(gate.admit(A)).isEqualTo("too many connections from your address");
        assertThat(gate.activeConnections()).isEqualTo(2);
        assertThat(gate.admit(B)).isNull();
        assertThat(gate.activeConnections()).isEqualTo(3);
    }

    @Test
    void totalLimit() {
        ClientGate gate = gate();
        assertThat(gate.admit(A)).isNull();
        assertThat(gate.admit(B)).isNull();
        assertThat(gate.admit(C)).isNull();
        assertThat(gate.admit(ip("192.168.1.13"))).isEqualTo("too many connections");
        assertThat(gate.activeConnections()).isEqualTo(3);
        gate.release(B);
        assertThat(gate.activeConnections()).isEqualTo(2);
        assertThat(gate.admit(ip("192.168.1.13"))).isNull();
    }

    @Test
    void aRefusedConnectionCountsNowhere() {
        ClientGate gate = gate();
        gate.admit(A);
        gate.admit(A);
        for (int i = 0; i < 10; i++) {
            assertThat(gate.admit(A)).isNotNull();
        }
        assertThat(gate.activeConnections()).isEqualTo(2);
        gate.release(A);
        assertThat(gate.admit(A)).as("one slot freed for A").isNull();
        assertThat(gate.admit(A)).isNotNull();
    }

    @Test
    void releaseFreesThePerAddressSlot() {
        ClientGate gate = gate();
        gate.admit(A);
        gate.admit(A);
        gate.release(A);
        gate.release(A);
        assertThat(gate.activeConnections()).isZero();
        assertThat(gate.admit(A)).isNull();
        assertThat(gate.admit(A)).isNull();
        assertThat(gate.admit(A)).isNotNull();
    }

    @Test
    void mappedAndPlainFormsOfAnAddressShareTheirLimit() {
        ClientGate gate = gate();
        assertThat(gate.admit(A)).isNull();
        assertThat(gate.admit(mapped("192.168.1.10"))).isNull();
        assertThat(gate.admit(A)).isEqualTo("too many connections from your address");
        gate.release(mapped("192.168.1.10"));
        assertThat(gate.admit(A)).isNull();
    }

    // -------------------------------------------------------------------------------------- login throttle

    @Test
    void blockedAfterMaxFailuresWithinTheWindow() {
        ClientGate gate = gate();
        gate.loginFailed(A);
        clock.advance(Duration.ofMinutes(1));
        gate.loginFailed(A);
        assertThat(gate.loginBlockedFor(A)).isZero();
        clock.advance(Duration.ofMinutes(1));
        gate.loginFailed(A);
        assertThat(gate.loginBlockedFor(A)).isEqualTo(Duration.ofMinutes(15));
        assertThat(gate.loginBlockedFor(B)).isZero();
    }

    @Test
    void blockEndsAfterTheBlockPeriod() {
        ClientGate gate = gate();
        fail(gate, A, 3);
        clock.advance(Duration.ofMinutes(10));
        assertThat(gate.loginBlockedFor(A)).isEqualTo(Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(gate.loginBlockedFor(A)).isEqualTo(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        assertThat(gate.loginBlockedFor(A)).isZero();
        // the count started over: one more failure does not block again
        gate.loginFailed(A);
        assertThat(gate.loginBlockedFor(A)).isZero();
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        ClientGate gate = gate();
        gate.loginFailed(A);
        clock.advance(Duration.ofMinutes(4));
        gate.loginFailed(A);
        clock.advance(Duration.ofMinutes(1).plusMillis(1)); // 5m + 1ms after the first failure: a new window
        gate.loginFailed(A);
        assertThat(gate.loginBlockedFor(A)).isZero();
        clock.advance(Duration.ofMinutes(1));
        gate.loginFailed(A);
        assertThat(gate.loginBlockedFor(A)).isZero();
        clock.advance(Duration.ofMinutes(1));
        gate.loginFailed(A);
        assertThat(gate.loginBlockedFor(A)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aFailureExactlyAtTheEndOfTheWindowStillCounts() {
        ClientGate gate = gate();
        gate.loginFailed(A);
        clock.advance(Duration.ofMinutes(2));
        gate.loginFailed(A);
        clock.advance(Duration.ofMinutes(3));
        gate.loginFailed(A);
        assertThat(gate.loginBlockedFor(A)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void successClearsEarlierFailures() {
        ClientGate gate = gate();
        fail(gate, A, 2);
        gate.loginSucceeded(A);
        fail(gate, A, 2);
        assertThat(gate.loginBlockedFor(A)).isZero();
        gate.loginFailed(A);
        assertThat(gate.loginBlockedFor(A)).as("three failures since the success").isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void successDoesNotLiftABlock() {
        ClientGate gate = gate();
        fail(gate, A, 3);
        gate.loginSucceeded(A);
        assertThat(gate.loginBlockedFor(A)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void successOfAnUnknownAddressIsHarmless() {
        ClientGate gate = gate();
        gate.loginSucceeded(C);
        assertThat(gate.loginBlockedFor(C)).isZero();
    }

    @Test
    void failuresAreCountedPerAddressWithMappedFormsTogether() {
        ClientGate gate = gate();
        gate.loginFailed(A);
        gate.loginFailed(B);
        gate.loginFailed(mapped("192.168.1.10"));
        assertThat(gate.loginBlockedFor(A)).isZero();
        gate.loginFailed(A);
        assertThat(gate.loginBlockedFor(A)).isEqualTo(Duration.ofMinutes(15));
        assertThat(gate.loginBlockedFor(mapped("192.168.1.10"))).isEqualTo(Duration.ofMinutes(15));
        assertThat(gate.loginBlockedFor(B)).isZero();
    }

    private static void fail(ClientGate gate, InetAddress a, int times) {
        for (int i = 0; i < times; i++) {
            gate.loginFailed(a);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
