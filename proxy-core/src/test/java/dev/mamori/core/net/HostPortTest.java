package dev.mamori.core.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostPortTest {
    @ParameterizedTest
    @CsvSource({
            "127.0.0.1:11110,   127.0.0.1,       11110",
            "pop.example.net:995, pop.example.net, 995",
            "'[::1]:110',       ::1,             110",
            "'[2001:db8::1]:0', 2001:db8::1,     0",
            "' localhost:110 ', localhost,       110",
    })
    void parses(String text, String host, int port) {
        assertThat(HostPort.parse(text)).isEqualTo(new HostPort(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "127.0.0.1", ":110", "host:", "host:pop", "::1:110", "[::1]110", "[::1]", "host:65536", "host:-1"})
    void invalid(String text) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6IsPrintedInBrackets() {
        assertThat(HostPort.parse("[::1]:110")).hasToString("[::1]:110");
        assertThat(HostPort.parse("127.0.0.1:110")).hasToString("127.0.0.1:110");
    }

    @Test
    void unresolvedAddressDoesNotTouchDns() {
        assertThat(HostPort.parse("pop.example.invalid:110").toUnresolved().isUnresolved()).isTrue();
    }
}
