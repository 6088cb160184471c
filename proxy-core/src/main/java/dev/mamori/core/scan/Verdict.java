package dev.mamori.core.scan;

import java.util.List;

/**
 * The result of scanning one message: a closed type, turned into protocol replies in exactly one place per protocol.
 */
public sealed interface Verdict {
    /** Nothing found: deliver the original bytes unchanged. */
    record Clean(ScanSummary summary) implements Verdict {
    }

    /** Something was found; {@code findings} says what and where. Policy decides what happens (issue 3). */
    record Infected(ScanSummary summary, List<String> findings) implements Verdict {
        public Infected {
            findings = List.copyOf(findings);
        }
    }

    /** The message could not be scanned (a limit, encryption, corruption); policy decides. */
    record Unscannable(ScanSummary summary, String reason) implements Verdict {
    }

    /** The scanner failed; a temporary condition for the client (POP3 -ERR [SYS/TEMP], SMTP 451). */
    record ScanError(String reason) implements Verdict {
    }
}
