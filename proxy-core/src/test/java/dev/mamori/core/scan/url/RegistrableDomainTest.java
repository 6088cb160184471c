package dev.mamori.core.scan.url;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrableDomainTest {
    @ParameterizedTest
    @CsvSource({
            "www.mybank.com, mybank.com",
            "a.b.mybank.co.uk, mybank.co.uk",
            "secure.mybank.com.au, mybank.com.au",
            "www.shop.co.jp, shop.co.jp",
            "evil.github.io, evil.github.io",
            "x.evil.github.io, evil.github.io",
            "mybank.com, mybank.com",
            "co.uk, co.uk",
            "intranet, intranet",
            "host.corp.internal, corp.internal",
            "198.51.100.7, 198.51.100.7",
            "[2001:db8::1], [2001:db8::1]",
            "a_b.mybank.com, mybank.com",
            "xn--bcher-kva.example, xn--bcher-kva.example"})
    void siteOfAHost(String host, String site) {
        assertThat(RegistrableDomain.of(host)).isEqualTo(site);
    }

    @Test
    void knownSuffixTellsHostsFromFileNames() {
        assertThat(RegistrableDomain.hasKnownSuffix("mybank.com")).isTrue();
        assertThat(RegistrableDomain.hasKnownSuffix("report.pdf")).isFalse();
        assertThat(RegistrableDomain.hasKnownSuffix("198.51.100.7")).isFalse();
    }
}
