package dev.mamori.smtp.policy;

/**
 * A snapshot of the gateway policy's counters since start, for the admin channel and metrics.
 *
 * @param relayDenials               RCPT refused by relay control ({@code 554 5.7.1 ... Relay access denied})
 * @param throttledConnections       connections refused by the per-client connection throttle ({@code 421 4.7.0})
 * @param throttledMessagesPerIp     MAIL refused by the per-client message throttle ({@code 450 4.7.1})
 * @param throttledMessagesPerSender MAIL refused by the per-sender throttle
 * @param throttledMessagesPerUser   MAIL refused by the per-user throttle
 * @param dnsblHits                  connections refused because a DNSBL lists the client
 * @param dnsblSkips                 DNSBL queries skipped (timeout, SERVFAIL, unusable answer)
 * @param throttleKeys               client networks, senders and users the throttles remember right now
 * @param throttleUntracked          events let through untracked because a throttle's table was full of blocked or
 *                                   busy keys (non-zero means {@code maxTrackedKeys} is too small for the traffic)
 */
public record GatewayStats(long relayDenials, long throttledConnections, long throttledMessagesPerIp,
                           long throttledMessagesPerSender, long throttledMessagesPerUser, long dnsblHits,
                           long dnsblSkips, int throttleKeys, long throttleUntracked) {
}
