package dev.mamori.core.scan.action;

import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.scan.ScanContext;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.policy.PolicyCategory;
import dev.mamori.core.store.DetectedThreat;
import dev.mamori.core.store.EventStore;
import dev.mamori.core.store.MessageEvent;
import dev.mamori.core.store.QuarantineEvent;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Turns what happened to a message into event-store rows (message tracking, detections, the quarantine index).
 * Recording never blocks: the store queues and counts what it cannot keep.
 */
final class MessageTracking {
    private final EventStore store;

    MessageTracking(EventStore store) {
        this.store = store;
    }

    void message(ScanContext c, HeaderBlock headers, Verdict verdict, Outcome outcome) {
        Verdict.Scanned scanned = verdict instanceof Verdict.Scanned s ? s : null;
        String verdictWord = scanned == null ? "scan-error" : scanned.isClean() ? "clean" : "threats";
        List<String> categories = outcome instanceof Outcome.DeliverModified m
                ? m.decision().categories().stream().map(PolicyCategory::name).map(n -> n.toLowerCase(Locale.ROOT)).toList()
                : List.of();
        String action = switch (outcome) {
            case Outcome.DeliverOriginal d -> d.releasedFrom() != null ? "released" : "delivered";
            case Outcome.DeliverModified m -> String.join(",", m.decision().action().words());
            case Outcome.TempFail t -> "tempfail";
        };
        String quarantineId = outcome instanceof Outcome.DeliverModified m ? m.quarantineId() : null;
        List<DetectedThreat> threats = scanned == null ? List.of() : scanned.detections().stream()
                .map(MessageTracking::threat).toList();
        store.record(new MessageEvent(Instant.now(), c.protocol(), c.listener(),
                c.client() == null ? null : c.client().getAddress().getHostAddress(), c.account(), c.upstream(),
                c.envelopeSender(), c.recipients(), headers == null ? null : headers.first("Message-ID"),
                headers == null ? null : headers.decoded("Subject"),
                scanned == null ? 0 : scanned.summary().size(),
                scanned == null ? List.of() : scanned.summary().attachmentNames(), verdictWord, categories, action,
                scanned == null ? 0 : scanned.summary().scanTime().toMillis(), quarantineId, threats));
    }

    /** The live-feed form of a message with threats (what the dashboard's detections table shows). */
    static dev.mamori.core.events.MamoriEvent.Detection detectionEvent(ScanContext c, HeaderBlock headers,
                                                                       Verdict.Scanned scanned, Outcome outcome) {
        List<String> categories = outcome instanceof Outcome.DeliverModified m
                ? m.decision().categories().stream().map(PolicyCategory::name).map(n -> n.toLowerCase(Locale.ROOT)).toList()
                : scanned.detections().stream().map(d -> d.category().name().toLowerCase(Locale.ROOT)).distinct().toList();
        String action = switch (outcome) {
            case Outcome.DeliverOriginal d -> d.releasedFrom() != null ? "released" : "delivered";
            case Outcome.DeliverModified m -> String.join(",", m.decision().action().words());
            case Outcome.TempFail t -> "tempfail";
        };
        return new dev.mamori.core.events.MamoriEvent.Detection(Instant.now(), c.protocol(), c.listener(),
                c.client() == null ? null : c.client().getAddress().getHostAddress(), c.account(), c.upstream(),
                c.recipients(), headers == null ? null : headers.decoded("Subject"),
                headers == null ? null : headers.first("Message-ID"),
                scanned.detections().stream().map(Detection::name).distinct().toList(), categories, action,
                outcome instanceof Outcome.DeliverModified m ? m.quarantineId() : null);
    }

    void quarantined(QuarantineEntry e) {
        store.record(new QuarantineEvent.Added(e.id(), e.time(), e.account(), e.upstream(), e.subject(), e.size(),
                e.sha256(), e.status().name(), e.reasons()));
    }

    void releaseUsed(QuarantineEntry e) {
        store.record(new QuarantineEvent.StatusChanged(e.id(), Instant.now(), e.status().name()));
    }

    private static DetectedThreat threat(Detection d) {
        return new DetectedThreat(d.name(), d.engine(), d.category().name().toLowerCase(Locale.ROOT), d.path().render());
    }
}
