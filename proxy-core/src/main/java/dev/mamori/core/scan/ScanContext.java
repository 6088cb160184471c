package dev.mamori.core.scan;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What is known about a message besides its bytes, for policy and logs.
 *
 * @param protocol  {@code pop3} or {@code smtp}
 * @param listener  the listener's configured name
 * @param client    the mail client's address
 * @param account   the account (POP3) or envelope sender (SMTP), never a password
 * @param upstream  the upstream server as {@code host:port}
 * @param messageId a protocol-level id: the POP3 message number, or the SMTP transaction id
 * @param envelopeSender SMTP only: the MAIL FROM address ({@code ""} for the null reverse-path), else {@code null}
 * @param recipients     SMTP only: the accepted RCPT TO addresses, else empty
 */
public record ScanContext(String protocol, String listener, InetSocketAddress client, String account,
                          String upstream, String messageId, String envelopeSender, List<String> recipients) {
    public ScanContext {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** A context without an SMTP envelope (POP3). */
    public ScanContext(String protocol, String listener, InetSocketAddress client, String account, String upstream,
                       String messageId) {
        this(protocol, listener, client, account, upstream, messageId, null, List.of());
    }
}
