package dev.mamori.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.mamori.core.component.ComponentKind;
import dev.mamori.core.component.bundle.TrustedKeys;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Signed component updates ({@code updates:}). Without this section the components are the local files of
 * {@code scan:} and nothing is downloaded.
 *
 * @param source         {@code https://...} (or {@code http://...}) directory serving {@code index.json},
 *                       {@code index.sig} and the bundles, or {@code mdns} to use an update relay found on the LAN;
 *                       required
 * @param fallbackSource with {@code source: mdns}, the URL used when no relay answers; default none
 * @param schedule       how often the source is checked; default 15m (at least 1m)
 * @param schedules      per-component overrides of {@code schedule}, e.g. {@code url-blocklist: 5m}
 * @param keep           installed versions kept per component for rollback (the current one included); default 3
 * @param trustedKeys    publisher Ed25519 public keys (base64 SubjectPublicKeyInfo as printed by
 *                       {@code mamori bundle keygen}, PEM, or base64 of the 32 raw bytes); at least one; several
 *                       during a key rotation
 * @param proxy          an HTTP proxy for the source; default none (direct)
 * @param maxBundleSize  largest bundle (and largest unpacked payload) accepted; default 256MiB
 * @param timeout        a whole download (index or bundle) must finish within this; default 60s
 * @param relay          serving this instance's verified bundles to the LAN; default off
 */
public record UpdateSettings(String source, String fallbackSource,
                             @JsonDeserialize(using = DurationValue.class) Duration schedule,
                             @JsonDeserialize(contentUsing = DurationValue.class) Map<String, Duration> schedules,
                             Integer keep, List<String> trustedKeys, UpdateProxy proxy, DataSize maxBundleSize,
                             @JsonDeserialize(using = DurationValue.class) Duration timeout, UpdateRelaySettings relay) {
    public static final String MDNS = "mdns";

    public UpdateSettings {
        Checks.required("source", source, "an https:// URL or mdns");
        if (!source.equals(MDNS)) {
            checkUrl("source", source);
        }
        if (fallbackSource != null) {
            checkUrl("fallbackSource", fallbackSource);
        }
        schedule = schedule == null ? Duration.ofMinutes(15) : schedule;
        checkSchedule("schedule", schedule);
        schedules = schedules == null ? Map.of() : Map.copyOf(schedules);
        for (Map.Entry<String, Duration> e : schedules.entrySet()) {
            if (ComponentKind.of(e.getKey()).isEmpty()) {
                throw new InvalidFieldException("schedules." + e.getKey(), "is not a component (allowed: "
                        + String.join(", ", ComponentKind.ids()) + ")");
            }
            checkSchedule("schedules." + e.getKey(), e.getValue());
        }
        keep = keep == null ? 3 : keep;
        Checks.range("keep", keep, 1, 100);
        trustedKeys = trustedKeys == null ? List.of() : List.copyOf(trustedKeys);
        if (trustedKeys.isEmpty()) {
            throw new InvalidFieldException("trustedKeys", "needs at least one publisher public key (the base64 line "
                    + "printed by mamori bundle keygen)");
        }
        TrustedKeys.parse(trustedKeys); // validates each entry
        maxBundleSize = maxBundleSize == null ? DataSize.ofMiB(256) : maxBundleSize;
        Checks.size("maxBundleSize", maxBundleSize, 1024, 1L << 34);
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        Checks.positive("timeout", timeout);
        relay = relay == null ? UpdateRelaySettings.disabled() : relay;
    }

    /** The check interval of one component. */
    public Duration scheduleOf(String component) {
        return schedules.getOrDefault(component, schedule);
    }

    public TrustedKeys keys() {
        return TrustedKeys.parse(trustedKeys);
    }

    static void checkUrl(String field, String value) {
        URI u;
        try {
            u = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "'" + value + "' is not a URL (allowed: https://host/path/, http://host/path/)");
        }
        if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http")) || u.getHost() == null) {
            throw new InvalidFieldException(field, "'" + value + "' is not an http(s) URL with a host (allowed: https://host/path/)");
        }
        if (u.getUserInfo() != null) {
            throw new InvalidFieldException(field, "credentials in the URL are not allowed (use updates.proxy for a proxy)");
        }
    }

    private static void checkSchedule(String field, Duration d) {
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new InvalidFieldException(field, Durations.format(d) + " is too short (allowed: 1m or more)");
        }
    }
}
