package dev.mamori.app;

import dev.mamori.core.admin.Results;
import dev.mamori.core.admin.server.AdminServer;
import dev.mamori.core.component.service.UpdateService;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.SmtpListener;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.pop3.Pop3Proxy;
import dev.mamori.smtp.SmtpProxy;
import dev.mamori.smtp.policy.GatewayPolicy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One running Mamori: the shared runtime, the proxies started on it and the admin channel, closed in reverse order
 * (the admin channel first, the runtime last). Start either succeeds completely or leaves nothing behind.
 */
public final class MamoriServer implements AutoCloseable {
    private final MamoriConfig config;
    private final ProxyRuntime runtime;
    private final List<AutoCloseable> started;
    private final Pop3Proxy pop3;
    private final SmtpProxy smtp;
    private final GatewayPolicy gateway;
    private final AdminServer admin;
    /** The configuration file's view, shared by the admin channel and an in-process dashboard. */
    private final dev.mamori.core.admin.server.ConfigView configView;
    private boolean closed;

    private MamoriServer(MamoriConfig config, ProxyRuntime runtime, List<AutoCloseable> started, Pop3Proxy pop3,
                         SmtpProxy smtp, GatewayPolicy gateway, AdminServer admin,
                         dev.mamori.core.admin.server.ConfigView configView) {
        this.config = config;
        this.runtime = runtime;
        this.started = started;
        this.pop3 = pop3;
        this.smtp = smtp;
        this.gateway = gateway;
        this.admin = admin;
        this.configView = configView;
    }

    /** Starts the runtime and binds every configured listener; throws (having closed what it started) if one fails. */
    public static MamoriServer start(MamoriConfig config) throws Exception {
        return start(config, null);
    }

    /**
     * As {@link #start(MamoriConfig)}; {@code configFile} (may be null) is what the admin channel's
     * {@code config show/reload} read. The admin channel starts after the proxies and closes before them.
     */
    public static MamoriServer start(MamoriConfig config, Path configFile) throws Exception {
        return start(config, configFile, null);
    }

    /**
     * As {@link #start(MamoriConfig, Path)}, with the log tail the caller already keeps (the dashboard's), so the
     * admin channel's {@code log.tail} serves the same buffer instead of a second copy of every log line; null: one
     * is made here when the admin channel is on.
     */
    public static MamoriServer start(MamoriConfig config, Path configFile, dev.mamori.core.log.LogBuffer installedLogTail)
            throws Exception {
        ProxyRuntime runtime = ProxyRuntime.start(config);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            // installed components join the engine set before any listener accepts a connection; the updater is the
            // runtime's ComponentControl before the admin channel starts
            UpdateService updates = UpdateService.start(runtime);
            if (updates != null) {
                started.add(updates::close);
            }
            Pop3Proxy pop3 = Pop3Proxy.start(config, runtime);
            started.add(pop3::close);
            GatewayPolicy gateway = null;
            SmtpProxy smtp = null;
            if (config.smtp().enabled()) {
                Map<String, List<String>> zones = new LinkedHashMap<>();
                for (SmtpListener l : config.smtp().listeners()) {
                    zones.put(l.name(), l.dnsbl());
                }
                gateway = GatewayPolicy.create(config.smtp().gateway(), zones, runtime.workerGroup(), Clock.systemUTC());
                started.add(gateway::close);
                smtp = SmtpProxy.start(config, runtime, gateway);
                started.add(smtp::close);
            }
            // one view of the file for the whole process: config.update over SSH and the desktop dashboard's edits
            // go through the same instance (one lock, one "as last applied" state)
            var configView = new dev.mamori.core.admin.server.ConfigView(configFile, runtime, Clock.systemUTC());
            AdminServer admin = null;
            if (config.admin().enabled()) {
                SmtpProxy s = smtp;
                // the log tail served by log.tail: the newest lines of this process, redacted as the file log is
                dev.mamori.core.log.LogBuffer logTail = installedLogTail;
                if (logTail == null) {
                    logTail = new dev.mamori.core.log.LogBuffer(dev.mamori.core.log.LogBuffer.DEFAULT_CAPACITY);
                    started.add(dev.mamori.core.log.RingBufferAppender.install(logTail));
                }
                admin = AdminServer.start(runtime, config.admin(), configView, () -> listeners(config, pop3, s),
                        VersionProvider.version(), logTail);
                started.add(admin::close);
            }
            return new MamoriServer(config, runtime, started, pop3, smtp, gateway, admin, configView);
        } catch (Exception | Error e) {
            closeAll(started, e);
            try {
                runtime.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void closeAll(List<AutoCloseable> started, Throwable failure) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    private static List<Results.Listener> listeners(MamoriConfig config, Pop3Proxy pop3, SmtpProxy smtp) {
        List<Results.Listener> out = new ArrayList<>();
        List<InetSocketAddress> bound = pop3.boundAddresses();
        var configured = config.pop3().listeners();
        for (int i = 0; i < bound.size(); i++) {
            String name = i < configured.size() ? configured.get(i).name() : "pop3-" + i;
            out.add(Results.Listener.of("pop3", name, bound.get(i)));
        }
        if (smtp != null) {
            List<InetSocketAddress> smtpBound = smtp.boundAddresses();
            var smtpConfigured = config.smtp().listeners();
            for (int i = 0; i < smtpBound.size(); i++) {
                String name = i < smtpConfigured.size() ? smtpConfigured.get(i).name() : "smtp-" + i;
                out.add(Results.Listener.of("smtp", name, smtpBound.get(i)));
            }
        }
        return out;
    }

    public MamoriConfig config() {
        return config;
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    /**
     * The view of the configuration file behind {@code config.show/reload/update}, shared with the desktop dashboard;
     * its file is null when the server was started without one.
     */
    public dev.mamori.core.admin.server.ConfigView configView() {
        return configView;
    }

    /** The admin channel's accounts (the instance it authenticates against), or null when the channel is off. */
    public dev.mamori.core.admin.AdminAccounts accounts() {
        return admin == null ? null : admin.accounts();
    }

    /** The admin channel, or null when it is off. */
    public AdminServer admin() {
        return admin;
    }

    /** The gateway policy of the SMTP proxy, or null when SMTP is off. */
    public GatewayPolicy gateway() {
        return gateway;
    }

    /** The addresses actually bound (with real port numbers where the config said port 0): POP3, then SMTP. */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> all = new ArrayList<>(pop3.boundAddresses());
        if (smtp != null) {
            all.addAll(smtp.boundAddresses());
        }
        return all;
    }

    /** The POP3 listeners' bound addresses, in the order of the configured listeners. */
    public List<InetSocketAddress> pop3Addresses() {
        return pop3.boundAddresses();
    }

    /** The SMTP listeners' bound addresses (empty when SMTP is off). */
    public List<InetSocketAddress> smtpAddresses() {
        return smtp == null ? List.of() : smtp.boundAddresses();
    }

    /** Stops accepting, closes sessions and the runtime. Safe to call more than once, from any thread. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeAll(started, null);
        } finally {
            runtime.close();
        }
    }
}
