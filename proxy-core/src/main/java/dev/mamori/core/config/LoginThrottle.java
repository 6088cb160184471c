package dev.mamori.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;

/**
 * Failed-login rate limit per client IP: after {@code maxFailures} failures within {@code window} the IP is refused
 * for {@code blockFor}. Defaults: 5 failures in 5m blocks for 15m.
 */
public record LoginThrottle(Integer maxFailures,
                            @JsonDeserialize(using = DurationValue.class) Duration window,
                            @JsonDeserialize(using = DurationValue.class) Duration blockFor) {
    public LoginThrottle {
        maxFailures = maxFailures == null ? 5 : maxFailures;
        window = window == null ? Duration.ofMinutes(5) : window;
        blockFor = blockFor == null ? Duration.ofMinutes(15) : blockFor;
        Checks.range("maxFailures", maxFailures, 1, 1_000_000);
        Checks.positive("window", window);
        Checks.positive("blockFor", blockFor);
    }

    public static LoginThrottle defaults() {
        return new LoginThrottle(null, null, null);
    }
}
