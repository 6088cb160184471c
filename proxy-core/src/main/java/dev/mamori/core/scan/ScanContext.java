package dev.mamori.core.scan;

import java.net.InetSocketAddress;

/**
 * What is known about a message besides its bytes, for policy and logs.
 *
 * @param protocol  {@code pop3} or {@code smtp}
 * @param listener  the listener's configured name
 * @param client    the mail client's address
 * @param account   the account (POP3) or envelope sender (SMTP), never a password
 * @param upstream  the upstream server as {@code host:port}
 * @param messageId a protocol-level id: the POP3 message number, or the SMTP transaction id
 */
public record ScanContext(String protocol, String listener, InetSocketAddress client, String account,
                          String upstream, String messageId) {
}
