package dev.mamori.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.mamori.core.scan.policy.ScanPolicy;

import java.time.Duration;

/**
 * Scanning: what happens to what the engines find, and how long quarantined originals are kept.
 *
 * @param policy              verdict category → action; see {@link ScanPolicy} for the defaults
 * @param quarantineRetention quarantined originals older than this are deleted; default 30d
 */
public record ScanSettings(ScanPolicy policy,
                           @JsonDeserialize(using = DurationValue.class) Duration quarantineRetention) {
    public ScanSettings {
        policy = policy == null ? ScanPolicy.defaults() : policy;
        quarantineRetention = quarantineRetention == null ? Duration.ofDays(30) : quarantineRetention;
        Checks.positive("quarantineRetention", quarantineRetention);
    }

    public static ScanSettings defaults() {
        return new ScanSettings(null, null);
    }
}
