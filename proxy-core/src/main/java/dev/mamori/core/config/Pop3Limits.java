package dev.mamori.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;

/**
 * Bounds of a POP3 session.
 *
 * @param maxCommandLength     longest client command line in bytes, CRLF included; default 1024 (RFC 2449 allows 255)
 * @param maxResponseLineLength longest upstream status line; default 8KiB
 * @param maxPipelinedCommands client commands received but not yet answered; a client that pipelines more in one go is
 *                             disconnected. Mamori reads at most 16 KiB at a time and only when the queue is empty,
 *                             so the default 4096 is never reached by an honest client; default 4096
 * @param clientIdleTimeout    no command from the client for this long closes the session; default 10m (RFC 1939)
 * @param spoolMemoryThreshold a retrieved message up to this size stays in memory, beyond it goes to a temp file; default 4MiB
 * @param maxMessageSize       a larger message is refused with -ERR [SYS/PERM]; default 512MiB
 * @param keepAliveAfter       a scan still running after this long makes Mamori send the {@code +OK} line and then
 *                             harmless {@code X-Mamori-Keepalive} header lines, so the client does not time out;
 *                             default 20s (Outlook gives up after about a minute)
 * @param keepAliveInterval    how often a keep-alive header line is sent while the scan continues; default 10s
 */
public record Pop3Limits(Integer maxCommandLength, Integer maxResponseLineLength, Integer maxPipelinedCommands,
                         @JsonDeserialize(using = DurationValue.class) Duration clientIdleTimeout,
                         DataSize spoolMemoryThreshold, DataSize maxMessageSize,
                         @JsonDeserialize(using = DurationValue.class) Duration keepAliveAfter,
                         @JsonDeserialize(using = DurationValue.class) Duration keepAliveInterval) {
    public Pop3Limits {
        maxCommandLength = maxCommandLength == null ? 1024 : maxCommandLength;
        maxResponseLineLength = maxResponseLineLength == null ? 8192 : maxResponseLineLength;
        maxPipelinedCommands = maxPipelinedCommands == null ? 4096 : maxPipelinedCommands;
        clientIdleTimeout = clientIdleTimeout == null ? Duration.ofMinutes(10) : clientIdleTimeout;
        spoolMemoryThreshold = spoolMemoryThreshold == null ? DataSize.ofMiB(4) : spoolMemoryThreshold;
        maxMessageSize = maxMessageSize == null ? DataSize.ofMiB(512) : maxMessageSize;
        keepAliveAfter = keepAliveAfter == null ? Duration.ofSeconds(20) : keepAliveAfter;
        keepAliveInterval = keepAliveInterval == null ? Duration.ofSeconds(10) : keepAliveInterval;
        Checks.positive("keepAliveAfter", keepAliveAfter);
        Checks.positive("keepAliveInterval", keepAliveInterval);
        Checks.range("maxCommandLength", maxCommandLength, 64, 65536);
        Checks.range("maxResponseLineLength", maxResponseLineLength, 512, 1 << 20);
        Checks.range("maxPipelinedCommands", maxPipelinedCommands, 1, 100_000);
        Checks.positive("clientIdleTimeout", clientIdleTimeout);
        Checks.size("spoolMemoryThreshold", spoolMemoryThreshold, 0, 1L << 30);
        Checks.size("maxMessageSize", maxMessageSize, 1024, 1L << 40);
    }

    /** Limits with the default keep-alive timing. */
    public Pop3Limits(Integer maxCommandLength, Integer maxResponseLineLength, Integer maxPipelinedCommands,
                      Duration clientIdleTimeout, DataSize spoolMemoryThreshold, DataSize maxMessageSize) {
        this(maxCommandLength, maxResponseLineLength, maxPipelinedCommands, clientIdleTimeout, spoolMemoryThreshold,
                maxMessageSize, null, null);
    }

    public static Pop3Limits defaults() {
        return new Pop3Limits(null, null, null, null, null, null, null, null);
    }
}
