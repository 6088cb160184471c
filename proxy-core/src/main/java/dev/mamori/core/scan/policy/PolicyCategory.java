package dev.mamori.core.scan.policy;

import dev.mamori.core.scan.content.Finding;
import dev.mamori.core.scan.engine.ThreatCategory;

/** The verdict categories the policy has a rule for. */
public enum PolicyCategory {
    VIRUS, BLOCKED_ATTACHMENT, SUSPICIOUS, MALICIOUS_URL,
    /** A limit was reached, or content of a kind Mamori cannot open (RAR, disk images) or a corrupt container. */
    UNSCANNABLE,
    /** An encrypted archive: its content cannot be checked. */
    ENCRYPTED,
    /** Broken MIME structure: scanned as far as it could be parsed. */
    MALFORMED;

    public static PolicyCategory of(ThreatCategory c) {
        return switch (c) {
            case VIRUS -> VIRUS;
            case BLOCKED_ATTACHMENT -> BLOCKED_ATTACHMENT;
            case SUSPICIOUS -> SUSPICIOUS;
            case MALICIOUS_URL -> MALICIOUS_URL;
        };
    }

    public static PolicyCategory of(Finding.Kind k) {
        return switch (k) {
            case LIMIT_EXCEEDED, UNSUPPORTED, CORRUPT -> UNSCANNABLE;
            case ENCRYPTED -> ENCRYPTED;
            case MALFORMED_MIME -> MALFORMED;
        };
    }

    /** Words for notices and subject tags. */
    public String label() {
        return switch (this) {
            case VIRUS -> "virus";
            case BLOCKED_ATTACHMENT -> "blocked attachment";
            case SUSPICIOUS -> "suspicious content";
            case MALICIOUS_URL -> "dangerous link";
            case UNSCANNABLE -> "unscannable content";
            case ENCRYPTED -> "encrypted archive";
            case MALFORMED -> "malformed message";
        };
    }
}
