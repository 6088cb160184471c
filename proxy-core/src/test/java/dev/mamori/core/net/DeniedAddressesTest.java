package dev.mamori.core.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.mamori.core.net.UpstreamPolicyTest.ip;
import static dev.mamori.core.net.UpstreamPolicyTest.mapped;
import static org.assertj.core.api.Assertions.assertThat;

class DeniedAddressesTest {
    private final DeniedAddresses builtIn = new DeniedAddresses(List.of());

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0         | unspecified",
            "0.255.255.255   | unspecified",
            "127.0.0.1       | loopback",
            "127.255.255.254 | loopback",
            "10.0.0.0        | private",
            "10.255.255.255  | private",
            "172.16.0.1      | private",
            "172.31.255.255  | private",
            "192.168.0.1     | private",
            "100.64.0.1      | carrier-grade NAT",
            "100.127.255.255 | carrier-grade NAT",
            "169.254.169.254 | link-local (cloud metadata)",
            "192.0.0.8       | IETF protocol assignments",
            "198.18.0.1      | benchmarking",
            "198.19.255.255  | benchmarking",
            "224.0.0.1       | multicast",
            "239.255.255.250 | multicast",
            "240.0.0.1       | reserved",
            "255.255.255.255 | reserved",
            "::              | unspecified",
            "::1             | loopback",
            "fc00::1         | private",
            "fd12:3456::1    | private",
            "fe80::1         | link-local",
            "febf::1         | link-local",
            "fec0::1         | site-local",
            "ff02::1         | multicast",
            "64:ff9b:1::1    | local-use NAT64",
            "2001:db8::1     | documentation"})
    void builtInRanges(String address, String reason) {
        assertThat(builtIn.reason(ip(address))).isEqualTo(reason);
    }

    @Test
    void ec2MetadataOverIpv6IsDenied() {
        // fd00:ec2::254 lies inside fc00::/7 too; either reason keeps it out
        assertThat(builtIn.reason(ip("fd00:ec2::254"))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255",
            "192.169.0.0", "100.63.255.255", "100.128.0.0", "169.253.255.255", "169.255.0.0", "192.0.1.1",
            "198.17.255.255", "198.20.0.0", "223.255.255.255", "93.184.215.14",
            "2606:4700::1111", "2a00:1450:4001::1", "::2", "fbff::1", "fe7f::1", "2001:db9::1"})
    void publicAddressesAreAllowed(String address) {
        assertThat(builtIn.reason(ip(address))).as(address).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1       | loopback",
            "10.1.2.3        | private",
            "169.254.169.254 | link-local (cloud metadata)",
            "0.0.0.0         | unspecified"})
    void ipv4MappedAddressesAreJudgedAsIpv4(String ipv4, String reason) {
        assertThat(builtIn.reason(mapped(ipv4))).isEqualTo(reason);
    }

    @Test
    void mappedPublicAddressIsAllowed() {
        assertThat(builtIn.reason(mapped("93.184.215.14"))).isNull();
    }

    @Test
    void extraRangesAreDeniedByConfiguration() {
        DeniedAddresses d = new DeniedAddresses(List.of(Cidr.parse("198.51.100.0/24"), Cidr.parse("2606:4700::/32")));
        assertThat(d.reason(ip("198.51.100.200"))).isEqualTo("denied by configuration");
        assertThat(d.reason(mapped("198.51.100.200"))).isEqualTo("denied by configuration");
        assertThat(d.reason(ip("2606:4700::1111"))).isEqualTo("denied by configuration");
        assertThat(d.reason(ip("198.51.101.1"))).isNull();
        // built-in reasons come first
        assertThat(new DeniedAddresses(List.of(Cidr.parse("127.0.0.0/8"))).reason(ip("127.0.0.1"))).isEqualTo("loopback");
    }
}
