package dev.mamori.core.store;

import java.time.Instant;
import java.util.List;

/** Events with plausible values, varied by the few fields a test cares about. */
final class TestEvents {
    private TestEvents() {
    }

    static MessageEvent message(Instant time, String protocol, String account, String subject, long size,
                                List<DetectedThreat> detections) {
        boolean infected = !detections.isEmpty();
        return new MessageEvent(time, protocol, protocol + "-main", "192.0.2.10", account, "mail.example.net:995",
                "sender@example.org", List.of("rcpt@example.com", "other@example.com"), "<" + size + "@example.org>",
                subject, size, infected ? List.of("invoice.zip", "readme.txt") : List.of(),
                infected ? "infected" : "clean", detections.stream().map(DetectedThreat::category).distinct().toList(),
                infected ? "replaced" : "delivered", 12, infected ? "Q-20261125-0000abcd" : null, detections);
    }

    static MessageEvent clean(Instant time, long size) {
        return message(time, "pop3", "alice", "hello " + size, size, List.of());
    }

    static DetectedThreat eicar(String path) {
        return new DetectedThreat("Eicar-Test-Signature", "signatures", "virus", path);
    }
}
