package dev.mamori.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;

/**
 * One throttle of the SMTP gateway ({@code smtp.gateway.throttle.perIp}, {@code perSender}, {@code perUser}): at most
 * {@code maxConnections} connections and {@code maxMessages} messages per fixed {@code window}; whoever goes over is
 * refused (4xx) for {@code blockFor}. A count of 0 switches that count off. A count left out takes the default of the
 * throttle it belongs to ({@link ThrottleSettings}); window and blockFor default to 1m and 5m.
 *
 * @param maxConnections connections opened per window (a rate; concurrent connections are {@code access}'s); only
 *                       {@code perIp} counts connections (a sender or user is not known when a connection opens), the
 *                       others accept only 0 here
 * @param maxMessages    messages accepted per window
 * @param window         the monitoring window; it starts with the first event of a client, sender or user
 * @param blockFor       how long the client, sender or user is refused once over a limit
 */
public record ThrottleLimit(Integer maxConnections, Integer maxMessages,
                            @JsonDeserialize(using = DurationValue.class) Duration window,
                            @JsonDeserialize(using = DurationValue.class) Duration blockFor) {
    static final int MAX_COUNT = 10_000_000;

    public ThrottleLimit {
        window = window == null ? Duration.ofMinutes(1) : window;
        blockFor = blockFor == null ? Duration.ofMinutes(5) : blockFor;
        if (maxConnections != null) {
            Checks.range("maxConnections", maxConnections, 0, MAX_COUNT);
        }
        if (maxMessages != null) {
            Checks.range("maxMessages", maxMessages, 0, MAX_COUNT);
        }
        Checks.positive("window", window);
        Checks.positive("blockFor", blockFor);
        if (window.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidFieldException("window", Durations.format(window) + " is too long (allowed: up to 1d)");
        }
        if (blockFor.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidFieldException("blockFor", Durations.format(blockFor) + " is too long (allowed: up to 1d)");
        }
    }

    /** This limit with the counts it leaves out taken from the defaults given. */
    ThrottleLimit withDefaultCounts(int connections, int messages) {
        return new ThrottleLimit(maxConnections == null ? connections : maxConnections,
                maxMessages == null ? messages : maxMessages, window, blockFor);
    }

    /** Whether connections are limited (a count of 0 or none switches it off). */
    public boolean limitsConnections() {
        return maxConnections != null && maxConnections > 0;
    }

    /** Whether messages are limited (a count of 0 or none switches it off). */
    public boolean limitsMessages() {
        return maxMessages != null && maxMessages > 0;
    }
}
