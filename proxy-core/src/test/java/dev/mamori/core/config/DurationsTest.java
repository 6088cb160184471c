package dev.mamori.core.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "10m, PT10M", "2h, PT2H", "1d, PT24H", "' 15 m ', PT15M", "PT1M30S, PT1M30S", "pt5s, PT5S", "0s, PT0S"})
    void parsesShortAndIsoSyntax(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "10M", "10 minutes", "-5s", "1.5s", "P", "PTxS", "s"})
    void refusesWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration (examples: 500ms, 30s, 10m, 2h, 1d)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999999999d", "999999999999999999h"})
    void overflowIsReportedAsTooLong(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).hasMessageStartingWith("'" + text + "' is too long a duration");
    }

    @ParameterizedTest
    @CsvSource({"PT0.25S, 250ms", "PT30S, 30s", "PT10M, 10m", "PT2H, 2h", "PT48H, 2d", "PT90S, 90s", "PT0S, 0s"})
    void formatsBackToTheShortSyntax(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }
}
