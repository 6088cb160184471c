package dev.mamori.ui.viewmodel;

import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.store.DetectedThreat;
import dev.mamori.core.store.MessageEvent;
import dev.mamori.core.store.StoredMessage;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One row of the detections / message tracking table.
 *
 * @param rowId      the store's row id, or -1 for a row known only from the live feed (replaced on the next read)
 * @param who        the POP3 account or the SMTP sender
 * @param threats    threat names, comma separated ("" for clean mail)
 * @param paths      where each threat was found, one line each ({@code Eicar-Test-Signature in message > part 2 > x.com})
 * @param scanMillis -1 when not known yet
 */
public record MessageItem(long rowId, Instant time, String protocol, String who, String recipients, String subject,
                          String threats, String categories, String action, String verdict, String quarantineId,
                          List<String> paths, long scanMillis, long size, String client, String upstream,
                          String listener, String messageId) {

    public boolean hasThreat() {
        return !threats.isEmpty() || quarantineId != null;
    }

    public static MessageItem of(StoredMessage stored) {
        MessageEvent m = stored.message();
        String who = m.envelopeSender() != null && !m.protocol().equals("pop3") ? m.envelopeSender() : m.account();
        List<String> paths = m.detections().stream()
                .map(d -> d.name() + (d.path() == null ? "" : " in " + d.path()) + " (" + d.engine() + ")").toList();
        return new MessageItem(stored.rowId(), m.time(), m.protocol(), nz(who), String.join(", ", m.recipients()),
                nz(m.subject()), m.detections().stream().map(DetectedThreat::name).distinct().collect(Collectors.joining(", ")),
                String.join(", ", m.categories()), m.action(), m.verdict(), m.quarantineId(), paths, m.scanMillis(),
                m.size(), nz(m.clientAddress()), nz(m.upstream()), m.listener(), nz(m.messageId()));
    }

    public static MessageItem of(MamoriEvent.Detection d) {
        return new MessageItem(-1, d.time(), d.protocol(), nz(d.account()), String.join(", ", d.recipients()),
                nz(d.subject()), String.join(", ", d.threats()), String.join(", ", d.categories()), nz(d.action()),
                "threats", d.quarantineId(), List.of(), -1, -1, nz(d.client()), nz(d.upstream()), nz(d.listener()),
                nz(d.messageId()));
    }

    /** Whether any shown text contains {@code needle} (case-insensitive); blank matches everything. */
    public boolean matches(String needle) {
        if (needle == null || needle.isBlank()) {
            return true;
        }
        String n = needle.strip().toLowerCase(Locale.ROOT);
        for (String s : List.of(who, recipients, subject, threats, categories, action, nz(quarantineId), client, upstream)) {
            if (s.toLowerCase(Locale.ROOT).contains(n)) {
                return true;
            }
        }
        return false;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
