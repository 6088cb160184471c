package dev.mamori.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.mamori.core.scan.policy.ScanPolicy;

import java.time.Duration;

/**
 * Scanning: what happens to what the engines find, and how long quarantined originals are kept.
 *
 * @param policy              verdict category → action; see {@link ScanPolicy} for the defaults
 * @param quarantineRetention quarantined originals older than this are deleted; default 30d
 * @param signatureFiles      ClamAV-format signature files ({@code .hdb}, {@code .hsb}, {@code .ndb}) loaded at start,
 *                            on top of the built-in EICAR test signature; default none (until the signature component
 *                            is installed by the updater)
 * @param heuristicRules      a rules file changing the built-in heuristic rules (blocked extensions, trusted link hosts,
 *                            checks on or off); default none: the built-in rules
 * @param urlBlocklist        a URL/host blocklist file (URLhaus-style: URLs and bare hosts, {@code #} comments); default
 *                            none: no URL checks until a list is installed
 */
public record ScanSettings(ScanPolicy policy,
                           @JsonDeserialize(using = DurationValue.class) Duration quarantineRetention,
                           java.util.List<java.nio.file.Path> signatureFiles, java.nio.file.Path heuristicRules,
                           java.nio.file.Path urlBlocklist) {
    public ScanSettings {
        signatureFiles = signatureFiles == null ? java.util.List.of() : java.util.List.copyOf(signatureFiles);
        policy = policy == null ? ScanPolicy.defaults() : policy;
        quarantineRetention = quarantineRetention == null ? Duration.ofDays(30) : quarantineRetention;
        Checks.positive("quarantineRetention", quarantineRetention);
    }

    public static ScanSettings defaults() {
        return new ScanSettings(null, null, null, null, null);
    }
}
