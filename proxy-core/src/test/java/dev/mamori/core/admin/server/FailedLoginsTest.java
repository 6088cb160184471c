package dev.mamori.core.admin.server;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class FailedLoginsTest {
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anAddressIsRefusedAfterFiveFailuresUntilTheOldestLeavesTheWindow() {
        MovableClock clock = new MovableClock();
        FailedLogins logins = new FailedLogins(clock);
        for (int i = 0; i < FailedLogins.MAX_FAILURES; i++) {
            assertThat(logins.allowed("192.0.2.1")).isTrue();
            logins.failed("192.0.2.1");
            clock.now = clock.now.plusSeconds(1);
        }
        assertThat(logins.allowed("192.0.2.1")).isFalse();
        assertThat(logins.allowed("192.0.2.2")).as("other addresses are not affected").isTrue();
        clock.now = clock.now.plus(FailedLogins.WINDOW).minusSeconds(4);
        assertThat(logins.allowed("192.0.2.1")).as("the first failure has left the window").isTrue();
    }

    @Test
    void aSuccessClearsTheFailures() {
        FailedLogins logins = new FailedLogins(new MovableClock());
        for (int i = 0; i < FailedLogins.MAX_FAILURES - 1; i++) {
            logins.failed("192.0.2.1");
        }
        logins.succeeded("192.0.2.1");
        logins.failed("192.0.2.1");
        assertThat(logins.allowed("192.0.2.1")).isTrue();
        assertThat(Duration.ofMinutes(10)).isEqualTo(FailedLogins.WINDOW);
    }
}
