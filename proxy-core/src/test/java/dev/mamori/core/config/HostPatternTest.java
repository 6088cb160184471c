package dev.mamori.core.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostPatternTest {
    @ParameterizedTest
    @ValueSource(strings = {"*", "*.example.net", "pop.example.net", "localhost", "10.1.2.3", "::1", "[2001:db8::1]", "10.0.0.0/8", "2001:db8::/32"})
    void validPatterns(String pattern) {
        assertThatCode(() -> HostPattern.validate(pattern)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "*.", "*.-bad-.net", "**", "pop.*.net", "10.0.0.0/33", "999.1.1.1", "under_score.net", "1.2.3"})
    void invalidPatterns(String pattern) {
        assertThatThrownBy(() -> HostPattern.validate(pattern)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(pattern.replace("/33", ""));
    }

    @ParameterizedTest
    @CsvSource({
            "*,               pop.example.net, true",
            "*,               192.0.2.1,       true",
            "*.example.net,   pop.example.net, true",
            "*.example.net,   a.b.example.net, true",
            "*.example.net,   example.net,     false",
            "*.example.net,   badexample.net,  false",
            "pop.example.net, pop.example.net, true",
            "pop.example.net, pop2.example.net, false",
            "10.0.0.0/8,      10.200.1.1,      true",
            "10.0.0.0/8,      11.0.0.1,        false",
            "10.0.0.0/8,      ten.example,     false",
            "127.0.0.1,       127.0.0.1,       true",
            "127.0.0.1,       127.0.0.2,       false",
            "::1,             0:0:0:0:0:0:0:1, true",
            "127.0.0.1,       localhost,       false",
    })
    void matching(String pattern, String host, boolean matches) {
        assertThat(HostPattern.matches(pattern, host)).isEqualTo(matches);
    }
}
