package dev.mamori.core.config;

import java.nio.file.Path;

/**
 * The whole configuration: one immutable tree of records, validated as it is built. Every field is optional in the
 * YAML unless its record says otherwise; the defaults are documented on each record and in {@code sample-configs/}.
 */
public record MamoriConfig(ServerSettings server, AccessSettings access, UpstreamSettings upstreams, TlsSettings tls,
                           Pop3Settings pop3, ScanSettings scan, SmtpSettings smtp, MetricsSettings metrics,
                           LoggingSettings logging, NotificationSettings notifications, AdminSettings admin,
                           StoreSettings store, UpdateSettings updates) {
    public MamoriConfig {
        server = server == null ? ServerSettings.defaults() : server;
        access = access == null ? AccessSettings.defaults() : access;
        upstreams = upstreams == null ? UpstreamSettings.defaults() : upstreams;
        tls = tls == null ? TlsSettings.defaults() : tls;
        pop3 = pop3 == null ? Pop3Settings.disabled() : pop3;
        scan = scan == null ? ScanSettings.defaults() : scan;
        smtp = smtp == null ? SmtpSettings.disabled() : smtp;
        metrics = metrics == null ? MetricsSettings.defaults() : metrics;
        logging = logging == null ? LoggingSettings.defaults() : logging;
        // notifications stay null when absent: no mail is sent
        admin = admin == null ? AdminSettings.disabled() : admin;
        store = store == null ? StoreSettings.defaults() : store;
        // updates stays null when absent: no update source, the local files of scan: are the components
    }

    /** A configuration without an update source. */
    public MamoriConfig(ServerSettings server, AccessSettings access, UpstreamSettings upstreams, TlsSettings tls,
                        Pop3Settings pop3, ScanSettings scan, SmtpSettings smtp, MetricsSettings metrics,
                        LoggingSettings logging, NotificationSettings notifications, AdminSettings admin,
                        StoreSettings store) {
        this(server, access, upstreams, tls, pop3, scan, smtp, metrics, logging, notifications, admin, store, null);
    }

    /** A configuration with the default event store settings. */
    public MamoriConfig(ServerSettings server, AccessSettings access, UpstreamSettings upstreams, TlsSettings tls,
                        Pop3Settings pop3, ScanSettings scan, SmtpSettings smtp, MetricsSettings metrics,
                        LoggingSettings logging, NotificationSettings notifications, AdminSettings admin) {
        this(server, access, upstreams, tls, pop3, scan, smtp, metrics, logging, notifications, admin, null);
    }

    /** A configuration without metrics, syslog, notifications or the admin channel (their defaults: all off). */
    public MamoriConfig(ServerSettings server, AccessSettings access, UpstreamSettings upstreams, TlsSettings tls,
                        Pop3Settings pop3, ScanSettings scan, SmtpSettings smtp) {
        this(server, access, upstreams, tls, pop3, scan, smtp, null, null, null, null);
    }

    /** A configuration with POP3 and the admin channel only. */
    public MamoriConfig(ServerSettings server, AccessSettings access, UpstreamSettings upstreams, TlsSettings tls,
                        Pop3Settings pop3, ScanSettings scan, AdminSettings admin) {
        this(server, access, upstreams, tls, pop3, scan, null, null, null, null, admin);
    }

    /** A configuration without SMTP or the admin channel. */
    public MamoriConfig(ServerSettings server, AccessSettings access, UpstreamSettings upstreams, TlsSettings tls,
                        Pop3Settings pop3, ScanSettings scan, MetricsSettings metrics, LoggingSettings logging,
                        NotificationSettings notifications) {
        this(server, access, upstreams, tls, pop3, scan, null, metrics, logging, notifications, null);
    }

    /** A configuration with only the POP3 and scan parts (everything else at its default: off). */
    public MamoriConfig(ServerSettings server, AccessSettings access, UpstreamSettings upstreams, TlsSettings tls,
                        Pop3Settings pop3, ScanSettings scan) {
        this(server, access, upstreams, tls, pop3, scan, null, null, null, null, null);
    }

    /** A configuration with the default scan settings. */
    public MamoriConfig(ServerSettings server, AccessSettings access, UpstreamSettings upstreams, TlsSettings tls,
                        Pop3Settings pop3) {
        this(server, access, upstreams, tls, pop3, null, null, null, null, null, null);
    }

    /** The same configuration with another data directory (the {@code --data-dir} option). */
    public MamoriConfig withDataDir(Path dataDir) {
        return new MamoriConfig(new ServerSettings(server.name(), dataDir), access, upstreams, tls, pop3, scan, smtp,
                metrics, logging, notifications, admin, store, updates);
    }
}
