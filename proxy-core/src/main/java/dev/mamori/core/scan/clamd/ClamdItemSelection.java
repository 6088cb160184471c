package dev.mamori.core.scan.clamd;

import dev.mamori.core.scan.content.ContentItem;

/**
 * Which of the items the walker produces go to clamd. clamd parses mail and unpacks archives itself, so sending
 * every item scans the same bytes several times; the choices differ in round trips, bytes sent, and whether a
 * detection names the part it was found in (what "strip the part" needs). Measured on the cross-check corpus in
 * {@code ClamdItemSelectionReportTest}; the figures are in ARCHITECTURE.md.
 */
public enum ClamdItemSelection {
    /**
     * The raw message only (depth 0): one round trip per message, clamd decodes MIME and archives itself. A detection
     * is reported against the whole message, because clamd does not say which part matched.
     */
    MESSAGE,
    /**
     * Every decoded MIME leaf (parts of attached messages included), but not the message nor attached messages as a
     * whole, nor archive members (clamd unpacks those). Detections name the part; header-only content is not sent.
     */
    MIME_LEAVES,
    /** The raw message and every decoded MIME leaf: clamd's view of the mail plus part-exact detections. */
    MESSAGE_AND_MIME_LEAVES,
    /** Every item, archive members included: the most round trips and repeated bytes; for comparison. */
    ALL;

    public boolean sends(ContentItem item) {
        return switch (this) {
            case MESSAGE -> item.depth() == 0;
            case MIME_LEAVES -> isMimeLeaf(item);
            case MESSAGE_AND_MIME_LEAVES -> item.depth() == 0 || isMimeLeaf(item);
            case ALL -> true;
        };
    }

    /** Archive members and uudecoded blocks carry no MIME type; messages (the root and attached ones) are not leaves. */
    private static boolean isMimeLeaf(ContentItem item) {
        return item.declaredMimeType().filter(type -> !type.equals("message/rfc822")).isPresent();
    }
}
