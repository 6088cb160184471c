package dev.mamori.ui.backend;

import dev.mamori.core.log.LogBuffer;
import dev.mamori.core.log.LogLine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mamori.core.admin.AdminError;
import dev.mamori.core.admin.Results;
import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.AdminListener;
import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.metrics.TrafficSnapshot;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.runtime.NamedThreads;
import dev.mamori.core.runtime.ServiceControl.Service;
import dev.mamori.core.store.MessageSearch;
import dev.mamori.core.store.StoredMessage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
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
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The dashboard's view of a server elsewhere, over its admin channel ({@link AdminClient}). The connection's
 * {@code stats} subscription drives the pulse: each stats message (once a second) makes the one counters thread read
 * the counters a pulse carries (messages and detections today, mean scan time, new messages per protocol) with one
 * {@code tracking.search} for the rows written since the previous read, and then deliver the pulse (a read still
 * running when the next stats arrive makes that second's pulse be skipped rather than queued); the quarantine is counted with
 * {@code quarantine.list} every {@link #QUARANTINE_RECOUNT} and after this dashboard's own releases and deletes, and
 * follows the detections that quarantined something in between; the newest component check is read every
 * {@link #COMPONENTS_REREAD}. No admin query is made per event. Every other blocking call runs on a small I/O pool.
 *
 * <p>Actions are audited by the server under the account this connection logged in with (the {@code actor} arguments
 * of the interface name the local user of an embedded dashboard and are not sent). The server's log is not available
 * over the admin channel of this version ({@link #logAvailable()} is false). When the connection ends, every
 * {@link #onDisconnected} consumer is told the reason once and pending calls fail instead of hanging.
 */
public final class RemoteBackend implements DashboardBackend {
    private static final Logger LOG = LogManager.getLogger(RemoteBackend.class);
    private static final int ROWS_PER_READ = 1000;
    private static final Duration LATE_ROWS = Duration.ofSeconds(5);
    static final Duration QUARANTINE_RECOUNT = Duration.ofMinutes(1);
    static final Duration COMPONENTS_REREAD = Duration.ofMinutes(1);
    /** The most quarantine entries the quarantine screen lists (the admin protocol's largest limit). */
    static final int QUARANTINE_LIMIT = 10_000;

    private static final int LOG_FIRST_READ = 2000;
    private static final int LOG_READ = 2000;

    private final AdminClient client;
    private final ServerInfo info;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<Service, Boolean> services = new ConcurrentHashMap<>();
    private final List<Consumer<Pulse>> pulseListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<MamoriEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> disconnectListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService counters;
    private final ExecutorService io;
    private final AtomicBoolean quarantineDirty = new AtomicBoolean(true);
    private final AtomicLong quarantineDelta = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Whether the server answers {@code log.tail} (asked once at connect). */
    private volatile boolean logAvailable;
    /** Polls {@code log.tail} once a second while the log screen is subscribed. */
    private final ScheduledExecutorService logPoller;
    private volatile String disconnectReason;
    private volatile TrafficSnapshot latestStats;
    private final AtomicBoolean pulsePending = new AtomicBoolean();

    // written by the counters thread, read by the event thread when it builds a pulse
    private volatile Counts counts = new Counts(0, 0, 0, null);
    private final Object pendingLock = new Object();
    private Map<String, Long> pendingNew = new TreeMap<>();
    private double pendingScanSum;
    private int pendingScanned;

    // counters-thread state
    private LocalDate day;
    private long messagesToday;
    private long detectionsToday;
    private long lastRowId;
    private Instant lastRowTime;
    private long quarantined;
    private Instant quarantineCounted = Instant.EPOCH;
    private Instant lastUpdate;
    private Instant componentsRead = Instant.EPOCH;

    private record Counts(long messagesToday, long detectionsToday, long quarantined, Instant lastUpdate) {
    }

    private RemoteBackend(AdminClient client, ServerInfo info, Map<String, Boolean> serviceStates, Clock clock,
                          ZoneId zone) {
        this.client = client;
        this.info = info;
        this.clock = clock;
        this.zone = zone;
        serviceStates.forEach((name, on) -> serviceOf(name).ifPresent(s -> services.put(s, on)));
        this.counters = Executors.newSingleThreadScheduledExecutor(daemon("mamori-dashboard-counters"));
        this.io = Executors.newFixedThreadPool(2, daemon("mamori-dashboard-io"));
        this.logPoller = Executors.newSingleThreadScheduledExecutor(daemon("mamori-dashboard-log"));
    }

    /**
     * A backend over a connected client whose account may use every command (the forced password change done). Reads
     * the server's status, subscribes to {@code stats} and {@code events} and starts the counters. Blocking: call it
     * off the UI thread. The backend owns the client from now on and closes it in {@link #close()}.
     */
    public static RemoteBackend over(AdminClient client, String location) throws IOException, AdminError {
        Results.Status status = client.status();
        JsonNode config = null;
        try {
            config = client.configShow().get("config");
        } catch (AdminError e) {
            LOG.info("Dashboard: the configuration of {} is not readable for this account: {}", location, e.getMessage());
        }
        List<ServerInfo.ListenerInfo> listeners = new ArrayList<>();
        for (Results.Listener l : status.listeners()) {
            if (!l.protocol().equals("pop3") && !l.protocol().equals("smtp")) {
                continue; // the admin channel's own listener is not a mail service
            }
            listeners.add(describe(l, config));
        }
        ServerInfo info = new ServerInfo(status.name(), status.version(), "remote", location, status.started(),
                listeners);
        RemoteBackend backend = new RemoteBackend(client, info, status.services(), Clock.systemUTC(),
                ZoneId.systemDefault());
        try {
            client.logTail(Long.MAX_VALUE, 1);
            backend.logAvailable = true;
        } catch (AdminError e) {
            // an older server (unknown-command) or one that keeps no log tail: the log screen says so
            LOG.info("Dashboard: {} serves no log tail: {}", location, e.getMessage());
        }
        backend.start();
        return backend;
    }

    /**
     * A listener as the status reports it, with mode, TLS and fixed upstream from the server's configuration
     * (the defaults of {@code Pop3Listener}/{@code SmtpListener} where the file leaves them out).
     */
    static ServerInfo.ListenerInfo describe(Results.Listener l, JsonNode config) {
        JsonNode conf = null;
        if (config != null) {
            for (JsonNode c : config.path(l.protocol()).path("listeners")) {
                if (c.path("name").asText().equals(l.name())) {
                    conf = c;
                }
            }
        }
        boolean smtp = l.protocol().equals("smtp");
        String mode = smtp ? "relay" : conf == null || !conf.hasNonNull("mode") ? "generic"
                : conf.get("mode").asText().toLowerCase(Locale.ROOT);
        String tls = conf == null ? "not reported" : conf.hasNonNull("tls")
                ? conf.get("tls").asText().toLowerCase(Locale.ROOT) : "starttls";
        String upstream = null;
        if (conf != null && conf.hasNonNull("upstream")) {
            JsonNode u = conf.get("upstream");
            upstream = u.isTextual() ? u.asText() : u.path("host").asText() + ":" + u.path("port").asText();
        }
        return new ServerInfo.ListenerInfo(l.protocol(), l.name(), mode, l.address(), tls, upstream);
    }

    private void start() throws IOException, AdminError {
        counters.execute(this::countToday);
        client.subscribe(List.of("stats", "events"), new AdminListener() {
            @Override
            public void onStats(TrafficSnapshot snapshot) {
                // each stats message (1 Hz) reads the new tracking rows, then pulses; a slow read skips, never queues
                latestStats = snapshot;
                if (pulsePending.compareAndSet(false, true)) {
                    try {
                        counters.execute(() -> {
                            pulsePending.set(false);
                            refreshCounters();
                            pulse(latestStats);
                        });
                    } catch (java.util.concurrent.RejectedExecutionException closing) {
                        pulsePending.set(false);
                    }
                }
            }

            @Override
            public void onEvent(MamoriEvent event) {
                if (event instanceof MamoriEvent.Detection d && d.quarantineId() != null) {
                    quarantineDelta.incrementAndGet();
                }
                if (event instanceof MamoriEvent.ServiceChanged s) {
                    serviceOf(s.service()).ifPresent(svc -> services.put(svc, s.enabled()));
                }
                for (Consumer<MamoriEvent> l : eventListeners) {
                    l.accept(event);
                }
            }

            @Override
            public void onDropped(String reason) {
                // the server ended the subscriptions because this client fell behind: subscribe again, once
                LOG.warn("Admin subscriptions dropped by the server ({}); subscribing again", reason);
                io.execute(() -> {
                    try {
                        client.subscribe(List.of("stats", "events"), null);
                    } catch (IOException | AdminError e) {
                        LOG.warn("Admin subscriptions could not be renewed: {}", e.getMessage());
                    }
                });
            }

            @Override
            public void onClosed(Throwable cause) {
                disconnected(cause == null ? "the server closed the admin connection"
                        : "the admin connection ended: " + cause.getMessage());
            }
        });
    }

    private static java.util.Optional<Service> serviceOf(String name) {
        for (Service s : Service.values()) {
            if (s.word().equalsIgnoreCase(name)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }

    /** The reason the connection ended, or {@code null} while it is up. */
    public String disconnectReason() {
        return disconnectReason;
    }

    private void disconnected(String reason) {
        if (closed.get() || disconnectReason != null) {
            return;
        }
        disconnectReason = reason;
        LOG.warn("Dashboard: {} ({})", reason, info.location());
        for (Consumer<String> l : disconnectListeners) {
            l.accept(reason);
        }
    }

    @Override
    public ServerInfo serverInfo() {
        return info;
    }

    @Override
    public boolean serviceEnabled(Service service) {
        return services.getOrDefault(service, false);
    }

    @Override
    public CompletionStage<Boolean> setServiceEnabled(Service service, boolean enabled, String actor) {
        return async(() -> {
            Results.ServiceState state = client.setService(service.word(), enabled);
            services.put(service, state.enabled());
            return state.changed();
        });
    }

    @Override
    public AutoCloseable onPulse(Consumer<Pulse> consumer) {
        pulseListeners.add(consumer);
        return () -> pulseListeners.remove(consumer);
    }

    @Override
    public AutoCloseable onEvent(Consumer<MamoriEvent> consumer) {
        eventListeners.add(consumer);
        return () -> eventListeners.remove(consumer);
    }

    @Override
    public AutoCloseable onDisconnected(Consumer<String> consumer) {
        disconnectListeners.add(consumer);
        String reason = disconnectReason;
        if (reason != null) {
            io.execute(() -> consumer.accept(reason));
        }
        return () -> disconnectListeners.remove(consumer);
    }

    @Override
    public CompletionStage<List<StoredMessage>> searchMessages(MessageSearch search) {
        return async(() -> client.tracking(search));
    }

    @Override
    public CompletionStage<List<QuarantineEntry>> quarantine() {
        return async(() -> client.quarantineList(null, QUARANTINE_LIMIT));
    }

    @Override
    public CompletionStage<QuarantineEntry> release(String quarantineId, String actor) {
        return async(() -> {
            client.quarantineRelease(quarantineId);
            quarantineDirty.set(true);
            return client.quarantineShow(quarantineId);
        });
    }

    @Override
    public CompletionStage<Boolean> delete(String quarantineId, String actor) {
        return async(() -> {
            try {
                client.quarantineDelete(quarantineId);
                quarantineDirty.set(true);
                return true;
            } catch (AdminError e) {
                if (AdminError.NOT_FOUND.equals(e.code())) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public CompletionStage<Long> export(String quarantineId, Path target, String actor) {
        return async(() -> {
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            long n;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                n = client.quarantineDownload(quarantineId, out);
            } catch (IOException | AdminError | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            return n;
        });
    }

    @Override
    public CompletionStage<List<ComponentStatus>> components() {
        return async(client::components);
    }

    @Override
    public CompletionStage<ComponentStatus> updateComponent(String component, String actor) {
        return async(() -> client.updateComponent(component));
    }

    @Override
    public CompletionStage<ComponentStatus> rollbackComponent(String component, String actor) {
        return async(() -> client.rollbackComponent(component));
    }

    @Override
    public CompletionStage<ConfigView> configuration() {
        return async(() -> {
            JsonNode shown = client.configShow();
            String source = shown.path("source").isTextual() ? shown.get("source").asText() : null;
            JsonNode config = shown.get("config");
            JsonNode text = shown.get("text");
            StringBuilder yaml = new StringBuilder();
            if (config != null && !config.isNull() && text != null && text.isTextual()) {
                // the file itself, comments kept and secrets masked by the server, exactly as the embedded view shows
                // it: an edit keeps the operator's comments (no header of ours, or each save would add one)
                yaml.append(text.asText());
            } else {
                yaml.append("# As loaded by ").append(info.location())
                        .append(" (secrets redacted by the server)\n");
                JsonNode restart = shown.path("restartRequired");
                if (restart.isArray() && !restart.isEmpty()) {
                    yaml.append("# Changed in the file, taking effect at the next start: ").append(restart).append('\n');
                }
                if (config == null || config.isNull()) {
                    yaml.append("# This server was started without a configuration file.\n");
                } else {
                    // a server older than the "text" field: the parsed file (comments are lost in an edit)
                    yaml.append(new YAMLMapper().writeValueAsString(config).replaceFirst("^---\\s*\\n", ""));
                }
            }
            boolean editable = source != null && config != null && !config.isNull()
                    && "admin".equals(client.hello().role());
            return new ConfigView(source, sections(config, client.components()), yaml.toString(), editable);
        });
    }

    /** {@code config.update}; the server audits it under the SSH account (the {@code actor} is not sent). */
    @Override
    public CompletionStage<ConfigUpdateResult> updateConfiguration(String yaml, String actor) {
        return async(() -> ConfigUpdateResult.of(client.configUpdate(yaml)));
    }

    /** {@code accounts.*}; the server checks the role and the rules and audits under the SSH account. */
    @Override
    public CompletionStage<List<Results.Account>> accounts() {
        return async(client::accounts);
    }

    @Override
    public CompletionStage<Results.Account> addAccount(String name, String role, char[] password,
                                                       List<String> authorizedKeys, String actor) {
        return async(() -> client.accountAdd(name, role, password, authorizedKeys));
    }

    @Override
    public CompletionStage<Results.Account> updateAccount(String name, String role, List<String> authorizedKeys,
                                                          String actor) {
        return async(() -> client.accountUpdate(name, role, authorizedKeys));
    }

    @Override
    public CompletionStage<Void> removeAccount(String name, String actor) {
        return async(() -> {
            client.accountRemove(name);
            return null;
        });
    }

    @Override
    public CompletionStage<Results.Account> resetPassword(String name, char[] password, String actor) {
        return async(() -> client.accountReset(name, password));
    }

    /** The settings screen's sections, from the redacted configuration tree and the component list. */
    static List<ConfigView.Section> sections(JsonNode config, List<ComponentStatus> components) {
        List<ConfigView.Section> sections = new ArrayList<>();
        List<ConfigView.Entry> upstreams = new ArrayList<>();
        if (config != null) {
            for (JsonNode rule : config.path("upstreams").path("allow")) {
                upstreams.add(new ConfigView.Entry(words(rule.path("hosts")), "ports " + words(rule.path("ports"))
                        + (rule.has("tls") ? "; TLS " + rule.get("tls").asText() : "")));
            }
        }
        sections.add(new ConfigView.Section("upstreams", upstreams));
        List<ConfigView.Entry> listeners = new ArrayList<>();
        if (config != null) {
            for (String protocol : List.of("pop3", "smtp")) {
                for (JsonNode l : config.path(protocol).path("listeners")) {
                    listeners.add(new ConfigView.Entry(protocol.toUpperCase(Locale.ROOT) + " " + l.path("name").asText(),
                            l.path("mode").asText("generic") + " on " + l.path("bind").asText()
                                    + (l.has("tls") ? ", TLS " + l.get("tls").asText() : "")));
                }
            }
        }
        sections.add(new ConfigView.Section("listeners", listeners));
        List<ConfigView.Entry> policy = new ArrayList<>();
        if (config != null) {
            config.path("scan").path("policy").properties().forEach(e ->
                    policy.add(new ConfigView.Entry(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText()
                            : words(e.getValue()))));
        }
        sections.add(new ConfigView.Section("policy", policy));
        List<ConfigView.Entry> updates = new ArrayList<>();
        for (ComponentStatus c : components) {
            String schedule = c.schedule() == null ? (c.detail() == null ? "not scheduled" : c.detail())
                    : "every " + SettingsSummary.words(c.schedule());
            updates.add(new ConfigView.Entry(c.name(), schedule));
        }
        sections.add(new ConfigView.Section("updates", updates));
        return sections;
    }

    private static String words(JsonNode node) {
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(n.isValueNode() ? n.asText() : n.toString()));
            return String.join(", ", parts);
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    @Override
    public boolean logAvailable() {
        return logAvailable;
    }

    /**
     * {@code log.tail} once a second on the {@code mamori-dashboard-log} thread: first the newest
     * {@value #LOG_FIRST_READ} lines, then the lines after the newest seen. Nothing is delivered when the server
     * serves no log tail (see {@link #logAvailable()}); a failed read is retried at the next second.
     */
    @Override
    public AutoCloseable onLog(Consumer<List<LogLine>> consumer) {
        if (!logAvailable) {
            return () -> { };
        }
        long[] after = {0};
        java.util.concurrent.ScheduledFuture<?> task = logPoller.scheduleWithFixedDelay(() -> {
            try {
                LogBuffer.Tail tail = client.logTail(after[0], after[0] == 0 ? LOG_FIRST_READ : LOG_READ);
                after[0] = Math.max(after[0], tail.last());
                if (!tail.lines().isEmpty()) {
                    consumer.accept(tail.lines());
                }
            } catch (IOException | AdminError | RuntimeException e) {
                if (!closed.get()) {
                    LOG.debug("Dashboard: log tail from {} failed: {}", info.location(), e.toString());
                }
            }
        }, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
        return () -> task.cancel(false);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pulseListeners.clear();
        eventListeners.clear();
        disconnectListeners.clear();
        counters.shutdownNow();
        io.shutdownNow();
        logPoller.shutdownNow();
        client.close();
    }

    // ---- the pulse (client event thread)

    private void pulse(TrafficSnapshot snapshot) {
        Map<String, Long> fresh;
        double scanSum;
        int scanned;
        synchronized (pendingLock) {
            fresh = pendingNew;
            scanSum = pendingScanSum;
            scanned = pendingScanned;
            pendingNew = new TreeMap<>();
            pendingScanSum = 0;
            pendingScanned = 0;
        }
        Counts c = counts;
        Pulse p = new Pulse(clock.instant(), snapshot, c.messagesToday(), c.detectionsToday(),
                c.quarantined() + quarantineDelta.get(), c.lastUpdate(), scanned == 0 ? Double.NaN : scanSum / scanned,
                scanned, fresh);
        for (Consumer<Pulse> l : pulseListeners) {
            l.accept(p);
        }
    }

    // ---- counters thread

    private void countToday() {
        day = LocalDate.now(clock.withZone(zone));
        messagesToday = 0;
        detectionsToday = 0;
        Instant midnight = day.atStartOfDay(zone).toInstant();
        try {
            List<StoredMessage> rows = client.tracking(new MessageSearch(midnight, null, null, null, null, null,
                    QUARANTINE_LIMIT));
            for (StoredMessage m : rows) {
                count(m);
            }
            lastRowTime = rows.isEmpty() ? midnight : rows.getFirst().message().time();
        } catch (IOException | AdminError | RuntimeException e) {
            LOG.warn("Dashboard: today's counters could not be read from {}: {}", info.location(), e.toString());
            lastRowTime = clock.instant();
        }
        publish();
    }

    private void count(StoredMessage m) {
        messagesToday++;
        if (!m.message().detections().isEmpty() || m.message().quarantineId() != null) {
            detectionsToday++;
        }
        lastRowId = Math.max(lastRowId, m.rowId());
    }

    private void refreshCounters() {
        if (disconnectReason != null) {
            return;
        }
        try {
            Instant now = clock.instant();
            if (!LocalDate.now(clock.withZone(zone)).equals(day)) {
                countToday();
            }
            List<StoredMessage> fresh = client.tracking(new MessageSearch(lastRowTime.minus(LATE_ROWS), null, null,
                    null, null, null, ROWS_PER_READ));
            double scanSum = 0;
            int scanned = 0;
            Map<String, Long> byProtocol = new TreeMap<>();
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
            if (scanned > 0) {
                synchronized (pendingLock) {
                    byProtocol.forEach((k, v) -> pendingNew.merge(k, v, Long::sum));
                    pendingScanSum += scanSum;
                    pendingScanned += scanned;
                }
            }
            if (quarantineDirty.getAndSet(false)
                    || Duration.between(quarantineCounted, now).compareTo(QUARANTINE_RECOUNT) >= 0) {
                long delta = quarantineDelta.get();
                quarantined = client.quarantineList(QuarantineEntry.Status.QUARANTINED, QUARANTINE_LIMIT).size();
                quarantineDelta.addAndGet(-delta); // detections seen before the count are in it
                quarantineCounted = now;
            }
            if (Duration.between(componentsRead, now).compareTo(COMPONENTS_REREAD) >= 0) {
                lastUpdate = client.components().stream().map(ComponentStatus::lastCheck).filter(Objects::nonNull)
                        .max(Instant::compareTo).orElse(null);
                componentsRead = now;
            }
            publish();
        } catch (IOException | AdminError | RuntimeException e) {
            if (!client.isOpen()) {
                disconnected("the admin connection ended: " + e.getMessage());
            } else {
                LOG.warn("Dashboard counters from {} failed: {}", info.location(), e.toString()); // next second retries
            }
        }
    }

    private void publish() {
        counts = new Counts(messagesToday, detectionsToday, quarantined, lastUpdate);
    }

    // ---- helpers

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
            } catch (AdminError e) {
                throw new CompletionException(e.getMessage() == null || e.getMessage().isBlank()
                        ? e : new IOException(e.getMessage(), e));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        };
        try {
            return CompletableFuture.supplyAsync(s, io);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IOException("the dashboard is closed"));
        }
    }

    private static ThreadFactory daemon(String name) {
        ThreadFactory base = NamedThreads.factory(name);
        return r -> {
            Thread t = base.newThread(r);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public CompletionStage<List<dev.mamori.core.store.StatsMinute>> statsHistory(java.time.Instant from,
                                                                                 java.time.Instant to) {
        return async(() -> client.statsHistory(null, from, to, STATS_HISTORY_ROWS));
    }

    @Override
    public CompletionStage<List<dev.mamori.core.store.ScanMinute>> scanTimes(java.time.Instant from,
                                                                             java.time.Instant to) {
        return async(() -> client.scanTimes(from, to, SCAN_TIMES_ROWS));
    }
}
