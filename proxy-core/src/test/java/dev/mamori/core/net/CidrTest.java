package dev.mamori.core.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {
    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8,       10.255.255.255, true",
            "10.0.0.0/8,       11.0.0.0,       false",
            "10.1.2.3/8,       10.9.9.9,       true",
            "192.168.1.7,      192.168.1.7,    true",
            "192.168.1.7,      192.168.1.8,    false",
            "0.0.0.0/0,        203.0.113.9,    true",
            "0.0.0.0/0,        ::1,            false",
            "::1/128,          ::1,            true",
            "fc00::/7,         fd12:3456::1,   true",
            "fc00::/7,         fe80::1,        false",
            "127.0.0.0/8,      ::ffff:127.0.0.1, true",
            "172.16.0.0/12,    172.31.255.255, true",
            "172.16.0.0/12,    172.32.0.0,     false",
    })
    void containment(String cidr, String address, boolean contained) throws Exception {
        assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(contained);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x", "host.example/8", "256.0.0.0/8", "fe80::1%eth0/64"})
    void invalid(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + text + "'");
    }

    @Test
    void bareAddressIsAHostRoute() {
        assertThat(Cidr.parse("192.0.2.1").prefixLength()).isEqualTo(32);
        assertThat(Cidr.parse("2001:db8::1").prefixLength()).isEqualTo(128);
    }

    @Test
    void equalityIgnoresHostBitsAndSpelling() {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8")).hasSameHashCodeAs(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse("::1")).isEqualTo(Cidr.parse("0:0:0:0:0:0:0:1/128"));
        assertThat(Cidr.parse("10.0.0.0/8")).isNotEqualTo(Cidr.parse("10.0.0.0/16"));
        assertThat(Cidr.parse(" 10.0.0.0/8 ")).hasToString("10.0.0.0/8");
    }

    @Test
    void unmapTurnsMappedAddressesBackIntoIpv4() throws Exception {
        assertThat(Cidr.unmap(InetAddress.getByName("::ffff:192.0.2.1"))).isEqualTo(InetAddress.getByName("192.0.2.1"));
        assertThat(Cidr.unmap(InetAddress.getByName("::1"))).isEqualTo(InetAddress.getByName("::1"));
    }
}
