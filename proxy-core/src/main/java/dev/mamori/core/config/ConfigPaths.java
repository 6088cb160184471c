package dev.mamori.core.config;

import java.nio.file.Path;

/** Resolves the relative paths of a loaded config against the directory of the file they were written in. */
final class ConfigPaths {
    private ConfigPaths() {
    }

    static MamoriConfig resolve(MamoriConfig c, Path baseDir, boolean dataDirInFile) {
        ServerSettings server = dataDirInFile
                ? new ServerSettings(c.server().name(), against(baseDir, c.server().dataDir()))
                : c.server();
        TlsSettings tls = new TlsSettings(against(baseDir, c.tls().certificate()), against(baseDir, c.tls().privateKey()));
        UpstreamSettings u = c.upstreams();
        UpstreamSettings upstreams = new UpstreamSettings(u.allow(), u.denyAddresses(), u.tls(), u.implicitTlsPorts(),
                u.extraCaFiles().stream().map(p -> against(baseDir, p)).toList(),
                u.connectTimeout(), u.idleTimeout(), u.dnsTimeout());
        ScanSettings scan = new ScanSettings(c.scan().policy(), c.scan().quarantineRetention(),
                c.scan().signatureFiles().stream().map(p -> against(baseDir, p)).toList(),
                against(baseDir, c.scan().heuristicRules()), against(baseDir, c.scan().urlBlocklist()), c.scan().clamd());
        SyslogSettings sl = c.logging().syslog();
        LoggingSettings logging = new LoggingSettings(new SyslogSettings(sl.enabled(), sl.host(), sl.port(),
                sl.protocol(), sl.facility(), sl.appName(), against(baseDir, sl.caFile())));
        NotificationSettings n = c.notifications();
        NotificationSettings notifications = n == null ? null : new NotificationSettings(
                new SmtpServerSettings(n.smtp().host(), n.smtp().port(), n.smtp().tls(), n.smtp().username(),
                        against(baseDir, n.smtp().passwordFile())), n.from(), n.to(), n.detections(), n.system());
        AdminSettings a = c.admin();
        AdminSettings admin = new AdminSettings(a.enabled(), a.bind(), against(baseDir, a.accountsFile()), a.advertise(),
                a.name());
        UpdateSettings updates = c.updates();
        if (updates != null && updates.proxy() != null && updates.proxy().passwordFile() != null) {
            UpdateProxy p = updates.proxy();
            updates = new UpdateSettings(updates.source(), updates.fallbackSource(), updates.schedule(), updates.schedules(),
                    updates.keep(), updates.trustedKeys(), new UpdateProxy(p.url(), p.username(), against(baseDir, p.passwordFile())),
                    updates.maxBundleSize(), updates.timeout(), updates.relay());
        }
        return new MamoriConfig(server, c.access(), upstreams, tls, c.pop3(), scan, c.smtp(), c.metrics(), logging,
                notifications, admin, c.store(), updates);
    }

    private static Path against(Path baseDir, Path p) {
        return p == null ? null : baseDir.resolve(p).normalize();
    }
}
