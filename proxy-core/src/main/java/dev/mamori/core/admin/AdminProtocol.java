package dev.mamori.core.admin;

import java.util.List;

/** Constants of the {@code mamori-admin} protocol; the full description is {@code docs/admin-protocol.md}. */
public final class AdminProtocol {
    /** The SSH subsystem name. */
    public static final String SUBSYSTEM = "mamori-admin";
    /** Protocol versions this build speaks, newest last. */
    public static final List<Integer> VERSIONS = List.of(1);
    public static final int CURRENT_VERSION = 1;
    /** A request line longer than this is refused and the channel closed. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** Lines (responses and events) queued per connection before a subscriber is dropped as too slow. */
    public static final int OUTPUT_QUEUE_LINES = 1024;
    /** The largest quarantine download chunk. */
    public static final int MAX_CHUNK_BYTES = 1 << 20;
    /** The mDNS service type. */
    public static final String MDNS_TYPE = "_mamori-admin._tcp.local.";

    public static final String TOPIC_STATS = "stats";
    public static final String TOPIC_EVENTS = "events";

    private AdminProtocol() {
    }
}
