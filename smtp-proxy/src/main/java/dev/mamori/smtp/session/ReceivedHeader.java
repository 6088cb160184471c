package dev.mamori.smtp.session;

import java.net.InetSocketAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Mamori's own trace field (RFC 5321 4.4), with the protocol word of RFC 3848 (ESMTPS, ESMTPSA...). */
final class ReceivedHeader {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private ReceivedHeader() {
    }

    /** The field with CRLF line ends, folded; {@code for} only with a single recipient (RFC 5321 7.2). */
    static String of(String helo, InetSocketAddress client, String byName, boolean esmtp, boolean tls, boolean auth,
                     String id, List<String> recipients, ZonedDateTime now) {
        String with = (esmtp ? "ESMTP" : "SMTP") + (esmtp && tls ? "S" : "") + (esmtp && auth ? "A" : "");
        if (!esmtp && tls) {
            with = "ESMTPS"; // HELO over TLS: RFC 3848 has no word for it; TLS is what matters to a reader
        }
        StringBuilder b = new StringBuilder("Received: from ").append(token(helo == null ? "unknown" : helo))
                .append(" ([").append(client.getAddress().getHostAddress()).append("])\r\n")
                .append("\tby ").append(token(byName)).append(" (Mamori) with ").append(with)
                .append(" id ").append(id);
        if (recipients.size() == 1) {
            b.append("\r\n\tfor <").append(token(recipients.getFirst())).append('>');
        }
        b.append(";\r\n\t").append(DATE.format(now)).append("\r\n");
        return b.toString();
    }

    /** Printable ASCII without the characters that would break the field's syntax; bounded. */
    private static String token(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != ';' && c != '<' && c != '>' ? c : '?');
        }
        return b.toString();
    }
}
