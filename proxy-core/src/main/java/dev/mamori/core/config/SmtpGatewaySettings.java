package dev.mamori.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;

/**
 * The SMTP gateway policy ({@code smtp.gateway}): relay control, throttling, and how long a DNSBL query may take.
 * The DNSBL zones themselves are per listener ({@code smtp.listeners[].dnsbl}).
 *
 * @param relay        who may relay to whom
 * @param throttle     connection and message rate limits
 * @param dnsblTimeout how long one DNSBL query may take before that DNSBL is skipped for the connection; default 2s,
 *                     allowed 100ms to 30s
 */
public record SmtpGatewaySettings(RelaySettings relay, ThrottleSettings throttle,
                                  @JsonDeserialize(using = DurationValue.class) Duration dnsblTimeout) {
    public SmtpGatewaySettings {
        relay = relay == null ? RelaySettings.defaults() : relay;
        throttle = throttle == null ? ThrottleSettings.defaults() : throttle;
        dnsblTimeout = dnsblTimeout == null ? Duration.ofSeconds(2) : dnsblTimeout;
        if (dnsblTimeout.compareTo(Duration.ofMillis(100)) < 0 || dnsblTimeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new InvalidFieldException("dnsblTimeout", Durations.format(dnsblTimeout) + " is out of range (allowed: 100ms to 30s)");
        }
    }

    public static SmtpGatewaySettings defaults() {
        return new SmtpGatewaySettings(null, null, null);
    }
}
