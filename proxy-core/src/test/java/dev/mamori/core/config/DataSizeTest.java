package dev.mamori.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataSizeTest {
    @ParameterizedTest
    @CsvSource({
            "0, 0", "4096, 4096", "512B, 512", "64k, 65536", "64KiB, 65536", "64kb, 65536", "4MiB, 4194304",
            "20MB, 20971520", "' 20 MB ', 20971520", "1GiB, 1073741824", "1t, 1099511627776", "2Ti, 2199023255552"
    })
    void parsesBinaryUnitsWhateverTheSpelling(String text, long bytes) {
        assertThat(DataSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "-1", "1.5MiB", "4 megabytes", "4PiB", "4iB", "0x10"})
    void refusesWhatIsNotASize(String text) {
        assertThatThrownBy(() -> DataSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageMatching("(?s).*\\((examples|allowed): .*\\)");
    }

    @Test
    void overflowIsAnErrorNotAWrapAround() {
        assertThatThrownBy(() -> DataSize.parse("99999999999TiB")).hasMessageContaining("is too large");
        assertThatThrownBy(() -> DataSize.parse("99999999999999999999")).hasMessageContaining("is too large");
    }

    @Test
    void negativeBytesAreRefused() {
        assertThatThrownBy(() -> DataSize.ofBytes(-1)).hasMessageStartingWith("-1 is a negative size");
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1000, 1000", "1024, 1KiB", "4194304, 4MiB", "1073741824, 1GiB", "1099511627776, 1TiB", "1536, 1536"})
    void printsTheLargestExactUnit(long bytes, String text) {
        assertThat(DataSize.ofBytes(bytes)).hasToString(text);
        assertThat(DataSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @Test
    void intViewSaturates() {
        assertThat(DataSize.ofMiB(4).toIntBytes()).isEqualTo(4 << 20);
        assertThat(DataSize.parse("8GiB").toIntBytes()).isEqualTo(Integer.MAX_VALUE);
    }
}
