package dev.mamori.core.store;

import java.time.Instant;

/**
 * Which tracked messages {@link StoreQueries#searchMessages} returns, newest first. Text fields are case-insensitive
 * (ASCII) substrings; a {@code null} field matches anything; all given fields must match.
 *
 * @param from inclusive
 * @param to   exclusive
 */
public record MessageSearch(Instant from, Instant to, String account, String sender, String subject,
                            String messageId, int limit) {
    public MessageSearch {
        Limits.check(limit);
    }

    /** The newest {@code limit} messages. */
    public static MessageSearch latest(int limit) {
        return new MessageSearch(null, null, null, null, null, null, limit);
    }
}
