package dev.mamori.core.scan.content;

import java.util.Objects;

/**
 * A problem met while taking a message apart. Findings never stop the scan of what could be read, except
 * {@link Kind#LIMIT_EXCEEDED}, which ends the walk.
 *
 * @param kind   the category policy acts on
 * @param path   where it happened
 * @param detail what happened, for people
 */
public record Finding(Kind kind, ContentPath path, String detail) {
    public enum Kind {
        /** MIME structure or transfer encoding was broken; what could be recovered was still decoded. */
        MALFORMED_MIME,
        /** A {@link ScanLimits} bound was broken; the walk ended here and the message is unscannable. */
        LIMIT_EXCEEDED,
        /** An archive or member is encrypted: its content cannot be scanned. */
        ENCRYPTED,
        /** An archive or compressed stream is damaged: members after the damage were not scanned. */
        CORRUPT,
        /** A container we recognise but cannot open (RAR, CAB, ISO, an unknown compression method). */
        UNSUPPORTED
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return kind + ": " + detail + " (" + path.render() + ")";
    }
}
