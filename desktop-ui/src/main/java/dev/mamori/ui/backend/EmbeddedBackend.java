package dev.mamori.ui.backend;

import dev.mamori.core.admin.AccountAdmin;
import dev.mamori.core.admin.AdminAccounts;
import dev.mamori.core.admin.Results;
import dev.mamori.core.log.LogBuffer;
import dev.mamori.core.log.LogLine;
import dev.mamori.core.log.RingBufferAppender;
import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.config.ConfigRedactor;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.Pop3Listener;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.runtime.NamedThreads;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.core.runtime.ServiceControl.Service;
import dev.mamori.core.store.AuditEvent;
import dev.mamori.core.store.MessageSearch;
import dev.mamori.core.store.QuarantineEvent;
import dev.mamori.core.store.StoredMessage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The dashboard's view of a {@link ProxyRuntime} in this process. One pulse thread samples the traffic meter once a
 * second and reads the message tracking rows written since the previous pulse (today's counters and the scan time);
 * blocking calls (store queries, quarantine files, component updates) run on a small I/O pool, never on the caller's
 * thread. The runtime belongs to the caller: closing this backend stops the sampling, not the server.
 */
public final class EmbeddedBackend implements DashboardBackend {
    private static final Logger LOG = LogManager.getLogger(EmbeddedBackend.class);
    /** Rows read per pulse; more than this in one second are picked up by the following pulses. */
    private static final int ROWS_PER_PULSE = 1000;
    /** How far before the newest row seen the next read starts: the writer batches, so rows may land slightly late. */
    private static final Duration LATE_ROWS = Duration.ofSeconds(5);
    /**
     * How often the quarantine directory is counted again (reading every entry). In between, the count follows the
     * detections that quarantined something and this dashboard's own releases and deletes; changes made elsewhere
     * (the CLI, retention) show at the next recount.
     */
    private static final Duration QUARANTINE_RECOUNT = Duration.ofMinutes(5);

    private final ProxyRuntime runtime;
    private final ServerInfo info;
    private final Path configFile;
    /** Validates, writes and reloads an edited configuration; null without a file. */
    private final dev.mamori.core.admin.server.ConfigView configEditor;
    /** The admin channel's accounts; null when the configuration has the admin channel off. */
    private final AccountAdmin accountAdmin;
    private final LogBuffer log;
    private final Clock clock;
    private final ZoneId zone;
    private final ScheduledExecutorService pulseThread;
    private final ExecutorService io;
    private final List<Consumer<Pulse>> pulseListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean quarantineDirty = new AtomicBoolean(true);
    private final java.util.concurrent.atomic.AtomicLong quarantineDelta = new java.util.concurrent.atomic.AtomicLong();
    private final AutoCloseable eventSubscription;

    // pulse-thread state
    private LocalDate day;
    private long messagesToday;
    private long detectionsToday;
    private long lastRowId;
    private Instant lastRowTime;
    private long quarantined;
    private Instant quarantineCounted = Instant.EPOCH;

    private EmbeddedBackend(ProxyRuntime runtime, ServerInfo info, dev.mamori.core.admin.server.ConfigView configEditor,
                            AdminAccounts accounts, LogBuffer log, Clock clock, ZoneId zone) {
        this.runtime = runtime;
        this.info = info;
        // a view without a file cannot be edited: the raw view then says the server has no file
        this.configEditor = configEditor == null || configEditor.file() == null ? null : configEditor;
        this.configFile = this.configEditor == null ? null : this.configEditor.file();
        this.accountAdmin = accounts == null ? null : new AccountAdmin(accounts);
        this.log = log;
        this.clock = clock;
        this.zone = zone;
        this.pulseThread = Executors.newSingleThreadScheduledExecutor(daemon("mamori-dashboard-pulse"));
        this.io = Executors.newFixedThreadPool(2, daemon("mamori-dashboard-io"));
        this.eventSubscription = runtime.events().subscribe(e -> {
            if (e instanceof MamoriEvent.Detection d && d.quarantineId() != null) {
                quarantineDelta.incrementAndGet();
            }
        });
        pulseThread.execute(this::countToday);
        pulseThread.scheduleAtFixedRate(this::pulse, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * A backend over a running server.
     *
     * @param pop3Bound  the POP3 addresses as bound (same order as the configured listeners)
     * @param version    the Mamori version shown in the header
     * @param configFile the YAML file the configuration came from, or {@code null} (then the raw view says so)
     * @param log        the log tail to show, fed by {@link RingBufferAppender}
     */
    public static EmbeddedBackend over(ProxyRuntime runtime, List<InetSocketAddress> pop3Bound, String version,
                                       Path configFile, LogBuffer log) {
        return over(runtime, pop3Bound, List.of(), version, configFile, log);
    }

    /** A backend over a running server whose POP3 and SMTP listeners are bound at the given addresses. */
    public static EmbeddedBackend over(ProxyRuntime runtime, List<InetSocketAddress> pop3Bound,
                                       List<InetSocketAddress> smtpBound, String version, Path configFile,
                                       LogBuffer log) {
        MamoriConfig config = runtime.config();
        return over(runtime, pop3Bound, smtpBound, version,
                configFile == null ? null : new dev.mamori.core.admin.server.ConfigView(configFile, runtime,
                        Clock.systemUTC()),
                config.admin().enabled() ? new AdminAccounts(config.admin().accountsFile(config.server().dataDir()))
                        : null, log);
    }

    /**
     * A backend over a running server that shares the admin channel's objects, as desktop mode does: the same
     * {@code ConfigView} (so an edit made here is what {@code config.show} then shows over SSH, and the other way
     * round) and the same {@link AdminAccounts} (one lock around the accounts file).
     *
     * @param configEditor the server's configuration view, or null when it runs without a file
     * @param accounts     the accounts the admin channel authenticates against, or null when the channel is off
     */
    public static EmbeddedBackend over(ProxyRuntime runtime, List<InetSocketAddress> pop3Bound,
                                       List<InetSocketAddress> smtpBound, String version,
                                       dev.mamori.core.admin.server.ConfigView configEditor, AdminAccounts accounts,
                                       LogBuffer log) {
        return new EmbeddedBackend(runtime, describe(runtime.config(), pop3Bound, smtpBound, version), configEditor,
                accounts, log, Clock.systemUTC(), ZoneId.systemDefault());
    }

    static ServerInfo describe(MamoriConfig config, List<InetSocketAddress> pop3Bound, String version) {
        return describe(config, pop3Bound, List.of(), version);
    }

    static ServerInfo describe(MamoriConfig config, List<InetSocketAddress> pop3Bound, List<InetSocketAddress> smtpBound,
                               String version) {
        List<ServerInfo.ListenerInfo> listeners = new ArrayList<>();
        List<Pop3Listener> pop3 = config.pop3().listeners();
        for (int i = 0; i < pop3.size(); i++) {
            Pop3Listener l = pop3.get(i);
            String address = i < pop3Bound.size() ? hostPort(pop3Bound.get(i)) : l.bind().toString();
            String upstream = l.upstream() == null ? null : l.upstream().host() + ":" + l.upstream().port();
            listeners.add(new ServerInfo.ListenerInfo("pop3", l.name(), word(l.mode()), address, word(l.tls()), upstream));
        }
        if (config.smtp().enabled()) {
            List<dev.mamori.core.config.SmtpListener> smtp = config.smtp().listeners();
            for (int i = 0; i < smtp.size(); i++) {
                dev.mamori.core.config.SmtpListener l = smtp.get(i);
                String address = i < smtpBound.size() ? hostPort(smtpBound.get(i)) : l.bind().toString();
                String routes = String.join(", ", l.routes().stream().map(dev.mamori.core.config.SmtpRoute::address).toList());
                listeners.add(new ServerInfo.ListenerInfo("smtp", l.name(), "relay", address, word(l.tls()), routes));
            }
        }
        return new ServerInfo(config.server().name(), version, "embedded",
                config.server().dataDir().toAbsolutePath().toString(), Instant.now(), listeners);
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    static String word(Enum<?> e) {
        return e == null ? "" : e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public ServerInfo serverInfo() {
        return info;
    }

    @Override
    public boolean serviceEnabled(Service service) {
        return runtime.services().isEnabled(service);
    }

    @Override
    public CompletionStage<Boolean> setServiceEnabled(Service service, boolean enabled, String actor) {
        return async(() -> {
            boolean changed = runtime.services().setEnabled(service, enabled, actor);
            audit(actor, enabled ? "service.enable" : "service.disable", service.word(),
                    changed ? null : "already " + (enabled ? "on" : "off"), "ok");
            LOG.info("{} connections {} by {}", service.word().toUpperCase(Locale.ROOT), enabled ? "allowed" : "refused", actor);
            return changed;
        });
    }

    @Override
    public AutoCloseable onPulse(Consumer<Pulse> consumer) {
        pulseListeners.add(consumer);
        return () -> pulseListeners.remove(consumer);
    }

    @Override
    public AutoCloseable onEvent(Consumer<MamoriEvent> consumer) {
        return runtime.events().subscribe(consumer);
    }

    @Override
    public CompletionStage<List<StoredMessage>> searchMessages(MessageSearch search) {
        return async(() -> runtime.store().queries().searchMessages(search));
    }

    @Override
    public CompletionStage<List<QuarantineEntry>> quarantine() {
        return async(() -> runtime.quarantine().list());
    }

    @Override
    public CompletionStage<QuarantineEntry> release(String quarantineId, String actor) {
        return async(() -> {
            try {
                QuarantineEntry released = runtime.quarantine().release(quarantineId);
                runtime.store().record(new QuarantineEvent.StatusChanged(quarantineId, clock.instant(), released.status().name()));
                audit(actor, "quarantine.release", quarantineId, released.subject(), "ok");
                quarantineDirty.set(true); // released entries do not count; recount the (rare) manual change
                LOG.info("Quarantine {} released by {}", quarantineId, actor);
                return released;
            } catch (IOException | RuntimeException e) {
                audit(actor, "quarantine.release", quarantineId, e.getMessage(), "failed");
                throw e;
            }
        });
    }

    @Override
    public CompletionStage<Boolean> delete(String quarantineId, String actor) {
        return async(() -> {
            try {
                boolean deleted = runtime.quarantine().delete(quarantineId);
                if (deleted) {
                    runtime.store().record(new QuarantineEvent.StatusChanged(quarantineId, clock.instant(), "DELETED"));
                }
                audit(actor, "quarantine.delete", quarantineId, deleted ? null : "no such entry", deleted ? "ok" : "failed");
                quarantineDirty.set(true);
                LOG.info("Quarantine {} {} by {}", quarantineId, deleted ? "deleted" : "not deleted (no such entry)", actor);
                return deleted;
            } catch (IOException | RuntimeException e) {
                audit(actor, "quarantine.delete", quarantineId, e.getMessage(), "failed");
                throw e;
            }
        });
    }

    @Override
    public CompletionStage<Long> export(String quarantineId, Path target, String actor) {
        return async(() -> {
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            long n;
            try (InputStream in = runtime.quarantine().open(quarantineId);
                 OutputStream out = Files.newOutputStream(tmp)) {
                n = in.transferTo(out);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            audit(actor, "quarantine.export", quarantineId, target.toString(), "ok");
            return n;
        });
    }

    @Override
    public CompletionStage<List<ComponentStatus>> components() {
        return async(() -> runtime.components().list());
    }

    @Override
    public CompletionStage<ComponentStatus> updateComponent(String component, String actor) {
        return runtime.components().updateNow(component, actor);
    }

    @Override
    public CompletionStage<ComponentStatus> rollbackComponent(String component, String actor) {
        return runtime.components().rollback(component, actor);
    }

    @Override
    public CompletionStage<ConfigView> configuration() {
        return async(() -> {
            String yaml;
            if (configFile == null) {
                yaml = "# This server was started without a configuration file.";
            } else {
                try {
                    yaml = ConfigRedactor.redact(Files.readString(configFile));
                } catch (IOException e) {
                    yaml = "# " + configFile + " cannot be read now: " + e.getMessage();
                }
            }
            return new ConfigView(configFile == null ? null : configFile.toString(),
                    SettingsSummary.of(runtime.config(), runtime.components().list()), yaml, configEditor != null);
        });
    }

    /**
     * {@code ConfigView.update} in this process, the same code as the admin channel's {@code config.update}: validated,
     * written atomically ({@code .bak} kept), reloaded. Audited as {@code config.update} under {@code actor}.
     */
    @Override
    public CompletionStage<ConfigUpdateResult> updateConfiguration(String yaml, String actor) {
        return async(() -> {
            if (configEditor == null) {
                throw new IllegalStateException("this server was started without a configuration file");
            }
            try {
                dev.mamori.core.admin.Results.ConfigUpdate r = configEditor.update(yaml);
                if (r.accepted()) {
                    audit(actor, "config.update", null, r.restartRequired().isEmpty() ? null
                            : "restart required: " + String.join(", ", r.restartRequired()), "ok");
                } else {
                    audit(actor, "config.update", null, r.problems().size()
                            + " problem(s), nothing written; first at '" + r.problems().getFirst().location() + "'", "failed");
                }
                return ConfigUpdateResult.of(r);
            } catch (dev.mamori.core.admin.AdminError e) {
                audit(actor, "config.update", null, e.getMessage(), "failed");
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    /**
     * Directly on the accounts file the admin channel uses, through the same rules as {@code accounts.*}
     * ({@link AccountAdmin}). The dashboard's actor is not an admin account, so only the rules about the last
     * administrator apply, not those about one's own account. Audited as {@code accounts.*} under {@code actor}.
     */
    @Override
    public CompletionStage<List<Results.Account>> accounts() {
        return async(() -> accountAdmin().list());
    }

    @Override
    public CompletionStage<Results.Account> addAccount(String name, String role, char[] password,
                                                       List<String> authorizedKeys, String actor) {
        return accountChange("accounts.add", name, actor, () -> {
            Results.Account a = accountAdmin().add(name, role, password, authorizedKeys);
            return new Changed<>(a, AccountAdmin.auditDetail(a));
        });
    }

    @Override
    public CompletionStage<Results.Account> updateAccount(String name, String role, List<String> authorizedKeys,
                                                          String actor) {
        return accountChange("accounts.update", name, actor, () -> {
            Results.Account a = accountAdmin().update(name, role, authorizedKeys, null);
            return new Changed<>(a, AccountAdmin.auditDetail(a));
        });
    }

    @Override
    public CompletionStage<Void> removeAccount(String name, String actor) {
        return accountChange("accounts.remove", name, actor, () -> {
            accountAdmin().remove(name, null);
            return new Changed<>(null, null);
        });
    }

    @Override
    public CompletionStage<Results.Account> resetPassword(String name, char[] password, String actor) {
        return accountChange("accounts.reset", name, actor, () -> new Changed<>(accountAdmin().reset(name, password,
                null), "temporary password, must change at next login"));
    }

    private AccountAdmin accountAdmin() {
        if (accountAdmin == null) {
            throw new IllegalStateException("the admin channel is off in this configuration (no admin: section),"
                    + " so no admin account is in use");
        }
        return accountAdmin;
    }

    /** A change and its audit detail (never a password or a hash). */
    private record Changed<T>(T result, String detail) {
    }

    private <T> CompletionStage<T> accountChange(String action, String name, String actor, Work<Changed<T>> work) {
        return async(() -> {
            try {
                Changed<T> c = work.run();
                audit(actor, action, name, c.detail(), "ok");
                LOG.info("Admin account {}: {} by {}", name, action, actor);
                return c.result();
            } catch (Exception e) {
                audit(actor, action, name, e.getMessage(), "failed");
                throw e;
            }
        });
    }

    @Override
    public AutoCloseable onLog(Consumer<List<LogLine>> consumer) {
        return log.subscribe(consumer);
    }

    @Override
    public void close() {
        try {
            eventSubscription.close();
        } catch (Exception ignored) {
            // removing a subscriber from a list cannot fail
        }
        pulseListeners.clear();
        pulseThread.shutdownNow();
        io.shutdownNow();
    }

    // ---- pulse thread

    private void countToday() {
        day = LocalDate.now(clock.withZone(zone));
        messagesToday = 0;
        detectionsToday = 0;
        Instant midnight = day.atStartOfDay(zone).toInstant();
        try {
            List<StoredMessage> rows = runtime.store().queries().searchMessages(
                    new MessageSearch(midnight, null, null, null, null, null, 10_000));
            for (StoredMessage m : rows) {
                count(m);
            }
            lastRowTime = rows.isEmpty() ? midnight : rows.getFirst().message().time();
        } catch (RuntimeException e) {
            LOG.warn("Dashboard: today's counters could not be read from the event store: {}", e.toString());
            lastRowTime = clock.instant();
        }
    }

    private void count(StoredMessage m) {
        messagesToday++;
        if (!m.message().detections().isEmpty() || m.message().quarantineId() != null) {
            detectionsToday++;
        }
        lastRowId = Math.max(lastRowId, m.rowId());
    }

    private void pulse() {
        try {
            Instant now = clock.instant();
            if (!LocalDate.now(clock.withZone(zone)).equals(day)) {
                countToday();
            }
            double scanSum = 0;
            int scanned = 0;
            java.util.Map<String, Long> byProtocol = new java.util.TreeMap<>();
            List<StoredMessage> fresh = runtime.store().queries().searchMessages(new MessageSearch(
                    lastRowTime.minus(LATE_ROWS), null, null, null, null, null, ROWS_PER_PULSE));
            for (StoredMessage m : fresh.reversed()) {
                if (m.rowId() > lastRowId) {
                    count(m);
                    scanSum += m.message().scanMillis();
                    scanned++;
                    byProtocol.merge(m.message().protocol(), 1L, Long::sum);
                    if (m.message().time().isAfter(lastRowTime)) {
                        lastRowTime = m.message().time();
                    }
                }
            }
            if (quarantineDirty.getAndSet(false) || Duration.between(quarantineCounted, now).compareTo(QUARANTINE_RECOUNT) >= 0) {
                quarantineDelta.set(0);
                quarantined = runtime.quarantine().list().stream()
                        .filter(e -> e.status() == QuarantineEntry.Status.QUARANTINED).count();
                quarantineCounted = now;
            } else {
                quarantined += quarantineDelta.getAndSet(0);
            }
            Instant lastUpdate = runtime.components().list().stream().map(ComponentStatus::lastCheck)
                    .filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
            Pulse p = new Pulse(now, runtime.traffic().snapshot(), messagesToday, detectionsToday, quarantined,
                    lastUpdate, scanned == 0 ? Double.NaN : scanSum / scanned, scanned, byProtocol);
            for (Consumer<Pulse> l : pulseListeners) {
                l.accept(p);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Dashboard pulse failed: {}", e.toString()); // the next pulse tries again
        }
    }

    // ---- helpers

    private void audit(String actor, String action, String target, String detail, String result) {
        runtime.store().record(new AuditEvent(clock.instant(), actor, action, target, detail, result));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }

    private <T> CompletionStage<T> async(Work<T> work) {
        Supplier<T> s = () -> {
            try {
                return work.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (NoSuchFileException e) {
                throw new java.util.concurrent.CompletionException(new IllegalArgumentException(e.getMessage(), e));
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        };
        return CompletableFuture.supplyAsync(s, io);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.ThreadFactory base = NamedThreads.factory(name);
        return r -> {
            Thread t = base.newThread(r);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public CompletionStage<List<dev.mamori.core.store.StatsMinute>> statsHistory(java.time.Instant from,
                                                                                 java.time.Instant to) {
        // SQLite reads block: on the I/O pool, never the caller's (FX) thread
        return async(() -> runtime.store().queries().statsHistory(null, from, to, STATS_HISTORY_ROWS));
    }

    @Override
    public CompletionStage<List<dev.mamori.core.store.ScanMinute>> scanTimes(java.time.Instant from,
                                                                             java.time.Instant to) {
        return async(() -> runtime.store().queries().scanTimesPerMinute(from, to, SCAN_TIMES_ROWS));
    }
}
