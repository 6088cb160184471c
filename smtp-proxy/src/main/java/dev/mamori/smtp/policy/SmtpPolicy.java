package dev.mamori.smtp.policy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The gateway policy the SMTP session consults: relay control, throttling, DNS reputation. Methods are called on the
 * session's event loop and must not block; {@link #connect} may complete later (a DNSBL query) and must complete
 * within its own short timeout (a slow DNSBL is skipped, never waited for).
 */
public interface SmtpPolicy {
    /** Before the greeting. A refusal is sent instead of the greeting (e.g. 554 5.7.1 listed, 421 4.7.0 throttled). */
    CompletionStage<PolicyReply> connect(SmtpClientFacts client);

    /** At MAIL FROM; {@code sender} is the address without angle brackets, {@code ""} for the null reverse-path. */
    PolicyReply mailFrom(SmtpClientFacts client, String sender);

    /** At RCPT TO, before the command goes upstream: relay control. */
    PolicyReply rcptTo(SmtpClientFacts client, String sender, String recipient);

    /** After the upstream accepted a message (its 250 after DATA): counts towards message throttles. */
    void accepted(SmtpClientFacts client, String sender, int recipients);

    /** When the client's session ends, whatever the reason. */
    void disconnected(SmtpClientFacts client);

    /** A policy that accepts everything: for tests of the relay mechanics only, never a default. */
    static SmtpPolicy acceptAll() {
        return new SmtpPolicy() {
            @Override
            public CompletionStage<PolicyReply> connect(SmtpClientFacts client) {
                return CompletableFuture.completedFuture(PolicyReply.ACCEPT);
            }

            @Override
            public PolicyReply mailFrom(SmtpClientFacts client, String sender) {
                return PolicyReply.ACCEPT;
            }

            @Override
            public PolicyReply rcptTo(SmtpClientFacts client, String sender, String recipient) {
                return PolicyReply.ACCEPT;
            }

            @Override
            public void accepted(SmtpClientFacts client, String sender, int recipients) {
            }

            @Override
            public void disconnected(SmtpClientFacts client) {
            }
        };
    }
}
