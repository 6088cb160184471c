package dev.mamori.core.component;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What the dashboard and the CLI show for one component (scan engine, virus patterns, URL list, heuristic rules).
 *
 * @param currentVersion   the version scans use now; never null
 * @param availableVersion the newest version the update source offers, or {@code null} when not known
 * @param lastCheck        the last check of the update source, or {@code null} when never checked
 * @param lastResult       words describing the last check or update ({@code up to date}, {@code failed: ...}), or null
 * @param nextCheck        the next scheduled check, or {@code null} when not scheduled
 * @param schedule         the check interval, or {@code null} when updates are not configured
 * @param detail           the reason of a failure, what a pin means... or {@code null}
 */
public record ComponentStatus(String name, String currentVersion, String availableVersion, Instant lastCheck,
                              String lastResult, Instant nextCheck, Duration schedule, State state, String detail) {
    public enum State {
        UP_TO_DATE, UPDATE_AVAILABLE, UPDATING, FAILED, PINNED, NOT_CONFIGURED;

        /** {@code update-available} */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public ComponentStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currentVersion, "currentVersion");
        Objects.requireNonNull(state, "state");
    }
}
