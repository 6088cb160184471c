package dev.mamori.core.scan;

import java.time.Duration;

/**
 * Facts every scan establishes, whatever the verdict.
 *
 * @param size     content bytes read
 * @param sha256   hex SHA-256 of the content, for tracking and quarantine
 * @param scanTime wall time spent on the scan executor
 */
public record ScanSummary(long size, String sha256, Duration scanTime) {
}
