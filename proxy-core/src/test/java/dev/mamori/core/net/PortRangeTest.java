package dev.mamori.core.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortRangeTest {
    @ParameterizedTest
    @CsvSource({"110, 110, 110", "11000-11099, 11000, 11099", "' 1 - 65535 ', 1, 65535", "995-995, 995, 995"})
    void parses(String text, int from, int to) {
        assertThat(PortRange.parse(text)).isEqualTo(new PortRange(from, to));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "65536", "pop", "10-", "-10", "20-10", "1-2-3", "110,995"})
    void invalid(String text) {
        assertThatThrownBy(() -> PortRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containsIsInclusive() {
        PortRange r = PortRange.parse("11000-11099");
        assertThat(r.contains(11000)).isTrue();
        assertThat(r.contains(11099)).isTrue();
        assertThat(r.contains(10999)).isFalse();
        assertThat(r.contains(11100)).isFalse();
    }

    @Test
    void printsLikeItIsWritten() {
        assertThat(PortRange.of(995)).hasToString("995");
        assertThat(PortRange.parse("11000-11099")).hasToString("11000-11099");
    }
}
