package dev.mamori.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Changes to the quarantine index; the quarantine directory stays the source of truth for the bytes. */
public sealed interface QuarantineEvent extends StoreEvent {

    /** A message entered quarantine. A second {@code Added} with the same id replaces the row. */
    record Added(String id, Instant time, String account, String upstream, String subject, long size, String sha256,
                 String status, List<String> reasons) implements QuarantineEvent {
        public Added {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(status, "status");
            reasons = List.copyOf(reasons);
        }
    }

    /** An entry was released, deleted or expired; an unknown id changes nothing. */
    record StatusChanged(String id, Instant time, String status) implements QuarantineEvent {
        public StatusChanged {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(status, "status");
        }
    }
}
