package dev.mamori.core.scan.action;

import dev.mamori.core.scan.MessageSource;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.policy.PolicyDecision;

/**
 * What a proxy does with a scanned message, decided off the event loop (quarantine written, notice built), so the
 * protocol side only sends bytes or replies. Mapped to POP3 and SMTP replies in one place per protocol.
 */
public sealed interface Outcome {
    /** Send the original bytes unchanged (clean, policy says deliver untagged, or a released quarantine entry). */
    record DeliverOriginal(Verdict verdict, String releasedFrom) implements Outcome {
    }

    /** Send {@code message} instead of the original (tagged, or a notice); the original is in quarantine if the id is set. */
    record DeliverModified(Verdict verdict, PolicyDecision decision, MessageSource message, String quarantineId)
            implements Outcome {
    }

    /** Nothing can be delivered now: the scanner failed, the quarantine could not be written... (POP3 -ERR [SYS/TEMP], SMTP 451). */
    record TempFail(String reason) implements Outcome {
    }
}
