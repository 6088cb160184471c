package dev.mamori.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message that passed through a proxy (a POP3 RETR/TOP or an SMTP transaction) with its verdict. Optional text
 * fields are {@code null} when unknown; lists are never {@code null}.
 *
 * @param verdict    {@code clean}, {@code infected}, {@code error}... as the scanner summarised it
 * @param categories the verdict's threat categories
 * @param action     what Mamori did ({@code delivered}, {@code tagged}, {@code replaced}, {@code tempfail}...)
 */
public record MessageEvent(Instant time, String protocol, String listener, String clientAddress, String account,
                           String upstream, String envelopeSender, List<String> recipients, String messageId,
                           String subject, long size, List<String> attachmentNames, String verdict,
                           List<String> categories, String action, long scanMillis, String quarantineId,
                           List<DetectedThreat> detections) implements StoreEvent {
    public MessageEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(action, "action");
        recipients = List.copyOf(recipients);
        attachmentNames = List.copyOf(attachmentNames);
        categories = List.copyOf(categories);
        detections = List.copyOf(detections);
    }
}
