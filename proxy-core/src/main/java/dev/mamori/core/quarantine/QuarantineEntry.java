package dev.mamori.core.quarantine;

import java.time.Instant;
import java.util.List;

/**
 * What is known about one quarantined original. Stored beside the message as JSON, so the quarantine stays readable
 * with ordinary tools until the event store holds the index.
 *
 * @param id         the quarantine id shown to users in notices ({@code Q-20261125-7f3a9c})
 * @param time       when it was quarantined
 * @param protocol   {@code pop3} or {@code smtp}
 * @param account    POP3 account or SMTP envelope sender
 * @param upstream   the server the message came from or was going to
 * @param client     the client address
 * @param messageId  the protocol-level id (POP3 message number, SMTP transaction)
 * @param subject    the Subject header, decoded, for listings
 * @param size       bytes of the original
 * @param sha256     hex SHA-256 of the original (a released message is recognised by it)
 * @param reasons    the detections and findings that caused it, one line each
 * @param status     {@code QUARANTINED}, {@code RELEASED} (the next retrieval delivers it unchanged) or
 *                   {@code DELIVERED} (a release was used)
 */
public record QuarantineEntry(String id, Instant time, String protocol, String account, String upstream, String client,
                              String messageId, String subject, long size, String sha256, List<String> reasons,
                              Status status) {
    public enum Status { QUARANTINED, RELEASED, DELIVERED }

    public QuarantineEntry {
        reasons = List.copyOf(reasons);
    }

    public QuarantineEntry withStatus(Status s) {
        return new QuarantineEntry(id, time, protocol, account, upstream, client, messageId, subject, size, sha256, reasons, s);
    }
}
