package dev.mamori.core.config;

import java.nio.file.Path;

/**
 * The whole configuration: one immutable tree of records, validated as it is built. Every field is optional in the
 * YAML unless its record says otherwise; the defaults are documented on each record and in {@code sample-configs/}.
 */
public record MamoriConfig(ServerSettings server, AccessSettings access, UpstreamSettings upstreams, TlsSettings tls,
                           Pop3Settings pop3, ScanSettings scan, UpdateSettings updates) {
    public MamoriConfig {
        server = server == null ? ServerSettings.defaults() : server;
        access = access == null ? AccessSettings.defaults() : access;
        upstreams = upstreams == null ? UpstreamSettings.defaults() : upstreams;
        tls = tls == null ? TlsSettings.defaults() : tls;
        pop3 = pop3 == null ? Pop3Settings.disabled() : pop3;
        scan = scan == null ? ScanSettings.defaults() : scan;
        // updates stays null when absent: no update source, the local files of scan: are the components
    }

    /** A configuration without an update source. */
    public MamoriConfig(ServerSettings server, AccessSettings access, UpstreamSettings upstreams, TlsSettings tls,
                        Pop3Settings pop3, ScanSettings scan) {
        this(server, access, upstreams, tls, pop3, scan, null);
    }

    /** A configuration with the default scan settings. */
    public MamoriConfig(ServerSettings server, AccessSettings access, UpstreamSettings upstreams, TlsSettings tls,
                        Pop3Settings pop3) {
        this(server, access, upstreams, tls, pop3, null);
    }

    /** The same configuration with another data directory (the {@code --data-dir} option). */
    public MamoriConfig withDataDir(Path dataDir) {
        return new MamoriConfig(new ServerSettings(server.name(), dataDir), access, upstreams, tls, pop3, scan, updates);
    }
}
