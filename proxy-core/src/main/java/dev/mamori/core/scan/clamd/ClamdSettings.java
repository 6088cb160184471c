package dev.mamori.core.scan.clamd;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach clamd and how long to wait for it.
 *
 * @param address        {@code tcp:127.0.0.1:3310} or {@code unix:/run/clamav/clamd.ctl}
 * @param connectTimeout how long a connect may take; clamd on the same host answers in well under a millisecond
 * @param readTimeout    how long any single wait may take: clamd accepting more stream data, or its reply after the
 *                       stream ended (which includes clamd's own scan of the item, archives unpacked)
 * @param maxConnections scans in flight against clamd at once; a scan waits up to {@code readTimeout} for a slot.
 *                       Keep it at or below clamd's {@code MaxThreads}, or clamd queues the excess itself
 * @param maxStreamSize  the largest item sent, in bytes: set it to clamd's {@code StreamMaxLength}. A larger item is
 *                       refused as too large for clamd before any byte is sent
 * @param items          which items of a message go to clamd
 */
public record ClamdSettings(ClamdAddress address, Duration connectTimeout, Duration readTimeout, int maxConnections,
                            long maxStreamSize, ClamdItemSelection items) {
    public static final String DEFAULT_ADDRESS = "tcp:127.0.0.1:3310";
    /** Debian's packaged clamd.conf sets {@code StreamMaxLength 25M} (clamd's built-in default is 100M). */
    public static final long DEFAULT_MAX_STREAM_SIZE = 25L * 1024 * 1024;

    public ClamdSettings {
        Objects.requireNonNull(address, "address");
        positive(connectTimeout, "connectTimeout");
        positive(readTimeout, "readTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        if (maxStreamSize < 1) {
            throw new IllegalArgumentException("maxStreamSize must be positive: " + maxStreamSize);
        }
        Objects.requireNonNull(items, "items");
    }

    /**
     * clamd on this host's TCP port 3310; 2 s to connect; 60 s per wait (the walk's own time limit); 4 scans in flight
     * (clamd's default MaxThreads is 10, Debian's 12, and Mamori's scan executor has one thread per core);
     * 25 MiB streams; the raw message plus its MIME leaves.
     */
    public static ClamdSettings defaults() {
        return new ClamdSettings(ClamdAddress.parse(DEFAULT_ADDRESS), Duration.ofSeconds(2), Duration.ofSeconds(60),
                4, DEFAULT_MAX_STREAM_SIZE, ClamdItemSelection.MESSAGE_AND_MIME_LEAVES);
    }

    public ClamdSettings withAddress(ClamdAddress value) {
        return new ClamdSettings(value, connectTimeout, readTimeout, maxConnections, maxStreamSize, items);
    }

    public ClamdSettings withTimeouts(Duration connect, Duration read) {
        return new ClamdSettings(address, connect, read, maxConnections, maxStreamSize, items);
    }

    public ClamdSettings withMaxConnections(int value) {
        return new ClamdSettings(address, connectTimeout, readTimeout, value, maxStreamSize, items);
    }

    public ClamdSettings withMaxStreamSize(long value) {
        return new ClamdSettings(address, connectTimeout, readTimeout, maxConnections, value, items);
    }

    public ClamdSettings withItems(ClamdItemSelection value) {
        return new ClamdSettings(address, connectTimeout, readTimeout, maxConnections, maxStreamSize, value);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
