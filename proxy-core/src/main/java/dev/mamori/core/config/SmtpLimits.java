package dev.mamori.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;

/**
 * Bounds of an SMTP session.
 *
 * @param maxMessageSize            a larger message is drained and refused with 552 5.3.4; the SIZE Mamori advertises is
 *                                  the smaller of this and the upstream's; default 50MiB
 * @param maxRecipients             RCPT beyond this many accepted recipients gets 452 4.5.3; default 100
 * @param maxCommandLength          longest command line in bytes, CRLF included (RFC 5321: 512 plus extensions);
 *                                  default 2048
 * @param commandTimeout            no complete command for this long ends the session with 421 4.4.2; default 5m
 * @param dataTimeout               no message bytes for this long during DATA ends the session with 421 4.4.2, and
 *                                  a scan that takes longer gives the client 451 4.7.0; default 10m
 * @param upstreamFinalReplyTimeout how long the upstream may take to answer the end of DATA (RFC 5321 4.5.3.2.6:
 *                                  10 minutes); no answer in time gives the client 451 4.4.2; default 10m
 * @param upstreamNoopInterval      NOOP upstream this often while a scan runs, so the upstream does not time out;
 *                                  default 30s
 * @param spoolMemoryThreshold      a message up to this size stays in memory, beyond it goes to a temp file; default 4MiB
 */
public record SmtpLimits(DataSize maxMessageSize, Integer maxRecipients, Integer maxCommandLength,
                         @JsonDeserialize(using = DurationValue.class) Duration commandTimeout,
                         @JsonDeserialize(using = DurationValue.class) Duration dataTimeout,
                         @JsonDeserialize(using = DurationValue.class) Duration upstreamFinalReplyTimeout,
                         @JsonDeserialize(using = DurationValue.class) Duration upstreamNoopInterval,
                         DataSize spoolMemoryThreshold) {
    public SmtpLimits {
        maxMessageSize = maxMessageSize == null ? DataSize.ofMiB(50) : maxMessageSize;
        maxRecipients = maxRecipients == null ? 100 : maxRecipients;
        maxCommandLength = maxCommandLength == null ? 2048 : maxCommandLength;
        commandTimeout = commandTimeout == null ? Duration.ofMinutes(5) : commandTimeout;
        dataTimeout = dataTimeout == null ? Duration.ofMinutes(10) : dataTimeout;
        upstreamFinalReplyTimeout = upstreamFinalReplyTimeout == null ? Duration.ofMinutes(10) : upstreamFinalReplyTimeout;
        upstreamNoopInterval = upstreamNoopInterval == null ? Duration.ofSeconds(30) : upstreamNoopInterval;
        spoolMemoryThreshold = spoolMemoryThreshold == null ? DataSize.ofMiB(4) : spoolMemoryThreshold;
        Checks.size("maxMessageSize", maxMessageSize, 1024, 1L << 40);
        Checks.range("maxRecipients", maxRecipients, 1, 100_000);
        Checks.range("maxCommandLength", maxCommandLength, 512, 65536);
        Checks.positive("commandTimeout", commandTimeout);
        Checks.positive("dataTimeout", dataTimeout);
        Checks.positive("upstreamFinalReplyTimeout", upstreamFinalReplyTimeout);
        Checks.positive("upstreamNoopInterval", upstreamNoopInterval);
        Checks.size("spoolMemoryThreshold", spoolMemoryThreshold, 0, 1L << 30);
    }

    public static SmtpLimits defaults() {
        return new SmtpLimits(null, null, null, null, null, null, null, null);
    }
}
