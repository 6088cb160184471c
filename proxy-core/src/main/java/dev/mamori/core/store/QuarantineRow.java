package dev.mamori.core.store;

import java.time.Instant;
import java.util.List;

/** An entry of the quarantine index with its current status and when that status was set. */
public record QuarantineRow(String id, Instant time, String account, String upstream, String subject, long size,
                            String sha256, String status, Instant statusTime, List<String> reasons) {
}
