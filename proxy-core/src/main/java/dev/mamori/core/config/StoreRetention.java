package dev.mamori.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.mamori.core.store.RetentionSettings;

import java.time.Duration;

/**
 * How long the event store keeps each kind of row; older rows are deleted at start and then daily. Quarantined
 * originals have their own retention ({@code scan.quarantineRetention}).
 *
 * @param messages         message tracking (every retrieved or relayed message); default 90d
 * @param detections       detections; default 365d
 * @param stats            per-minute traffic statistics; default 30d
 * @param audit            administrator actions; default 365d
 * @param componentHistory component installs, updates and rollbacks; default 365d
 */
public record StoreRetention(@JsonDeserialize(using = DurationValue.class) Duration messages,
                             @JsonDeserialize(using = DurationValue.class) Duration detections,
                             @JsonDeserialize(using = DurationValue.class) Duration stats,
                             @JsonDeserialize(using = DurationValue.class) Duration audit,
                             @JsonDeserialize(using = DurationValue.class) Duration componentHistory) {
    public StoreRetention {
        RetentionSettings d = RetentionSettings.defaults();
        messages = messages == null ? d.messages() : messages;
        detections = detections == null ? d.detections() : detections;
        stats = stats == null ? d.stats() : stats;
        audit = audit == null ? d.audit() : audit;
        componentHistory = componentHistory == null ? d.componentHistory() : componentHistory;
        Checks.positive("messages", messages);
        Checks.positive("detections", detections);
        Checks.positive("stats", stats);
        Checks.positive("audit", audit);
        Checks.positive("componentHistory", componentHistory);
    }

    public static StoreRetention defaults() {
        return new StoreRetention(null, null, null, null, null);
    }

    public RetentionSettings toSettings() {
        return new RetentionSettings(messages, detections, stats, audit, componentHistory);
    }
}
