package dev.mamori.core.scan;

import dev.mamori.core.scan.content.Finding;
import dev.mamori.core.scan.engine.Detection;

import java.util.List;

/**
 * The result of scanning one message: a closed type. Policy turns it into a decision, and each protocol turns the
 * decision into replies in exactly one place.
 */
public sealed interface Verdict {
    /**
     * The scan ran to its end (or to a limit, which is itself a finding).
     *
     * @param detections what the engines found, per content item
     * @param findings   what the walker could not do or found wrong: limits, encryption, corruption, broken MIME
     */
    record Scanned(ScanSummary summary, List<Detection> detections, List<Finding> findings) implements Verdict {
        public Scanned {
            detections = List.copyOf(detections);
            findings = List.copyOf(findings);
        }

        public static Scanned clean(ScanSummary summary) {
            return new Scanned(summary, List.of(), List.of());
        }

        public boolean isClean() {
            return detections.isEmpty() && findings.isEmpty();
        }
    }

    /** The scanner failed; a temporary condition for the client (POP3 -ERR [SYS/TEMP], SMTP 451). */
    record ScanError(String reason) implements Verdict {
    }
}
