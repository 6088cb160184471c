package dev.mamori.core.scan.engine;

/** What kind of threat a detection is; policy maps each category to an action. */
public enum ThreatCategory {
    /** A known-malicious item: a signature, a hash, or clamd. */
    VIRUS,
    /** An item the site's attachment rules refuse (type or name), malicious or not. */
    BLOCKED_ATTACHMENT,
    /** A heuristic finding: executable content, double extension, macros, deceptive links. */
    SUSPICIOUS,
    /** A URL on the blocklist component. */
    MALICIOUS_URL
}
