package dev.mamori.core.runtime;

import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.net.ClientGate;
import dev.mamori.core.net.Transports;
import dev.mamori.core.net.UpstreamPolicy;
import dev.mamori.core.quarantine.Quarantine;
import dev.mamori.core.scan.EngineScanService;
import dev.mamori.core.scan.content.ItemStorage;
import dev.mamori.core.scan.content.MessageWalker;
import dev.mamori.core.scan.content.ScanLimits;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.config.ScanSettings;
import dev.mamori.core.store.EventStore;
import dev.mamori.core.scan.sig.SignatureFormatException;
import dev.mamori.core.scan.action.MessageDisposer;
import dev.mamori.core.scan.policy.PolicyEngine;
import dev.mamori.core.scan.ScanService;
import dev.mamori.core.tls.TlsMaterial;
import io.netty.channel.EventLoopGroup;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Everything the proxies share in one process: event loops, the executors for blocking work (scanning, spool I/O,
 * DNS), TLS material, the client gate, the upstream policy and the scan service. Created once by
 * {@code mamori serve}, closed on shutdown.
 */
public final class ProxyRuntime implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ProxyRuntime.class);

    private final MamoriConfig config;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ExecutorService scanExecutor;
    private final ExecutorService ioExecutor;
    private final ExecutorService dnsExecutor;
    private final ScanService scanService;
    private final ClientGate clientGate;
    private final UpstreamPolicy upstreamPolicy;
    private final TlsMaterial tls;
    private final Path spoolDir;
    private final MessageDisposer disposer;
    private final EventStore store;
    /** The engine set new scans use; replaced whole, so scans in flight keep the set they started with. */
    private volatile List<ContentEngine> engines;
    private final java.util.concurrent.ScheduledExecutorService metricsSampler =
            Executors.newSingleThreadScheduledExecutor(NamedThreads.factory("mamori-metrics"));
    private final java.util.concurrent.ScheduledExecutorService housekeeping =
            Executors.newSingleThreadScheduledExecutor(NamedThreads.factory("mamori-housekeeping"));
    private final Quarantine quarantine;
    private final dev.mamori.core.events.EventHub events = new dev.mamori.core.events.EventHub();
    private final ServiceControl services;
    private final dev.mamori.core.metrics.TrafficMeter traffic = new dev.mamori.core.metrics.TrafficMeter(Clock.systemUTC());
    private volatile dev.mamori.core.component.ComponentControl components;
    /** Syslog feed, notifications, Prometheus, system checks; set by {@link #start} right after construction. */
    private volatile Observability observability;

    private ProxyRuntime(MamoriConfig config, TlsMaterial tls, Path spoolDir, Quarantine quarantine,
                         List<ContentEngine> engines, EventStore store) {
        this.engines = List.copyOf(engines);
        this.store = store;
        this.services = new ServiceControl(events, Clock.systemUTC(),
                config.server().dataDir().resolve("service-switches"));
        this.config = config;
        this.tls = tls;
        this.spoolDir = spoolDir;
        this.quarantine = quarantine;
        this.disposer = new MessageDisposer(new PolicyEngine(config.scan().policy()), quarantine, store, events);
        this.components = new dev.mamori.core.component.LocalComponents(config.scan(),
                java.util.Objects.requireNonNullElse(ProxyRuntime.class.getPackage().getImplementationVersion(), "dev"));
        int cores = Runtime.getRuntime().availableProcessors();
        this.bossGroup = Transports.group(1, NamedThreads.factory("mamori-accept"));
        this.workerGroup = Transports.group(Math.max(2, cores), NamedThreads.factory("mamori-io"));
        // Scans are CPU-bound: one thread a core, a bounded queue, and a full queue is an explicit "busy".
        this.scanExecutor = new ThreadPoolExecutor(cores, cores, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024), NamedThreads.factory("mamori-scan"), new ThreadPoolExecutor.AbortPolicy());
        // Spool file I/O: many short blocking calls, ordered per spool by Spool itself.
        this.ioExecutor = Executors.newFixedThreadPool(Math.max(2, cores), NamedThreads.factory("mamori-spool"));
        // The JDK resolver honours the OS configuration (hosts file, nsswitch, Windows) and blocks: its own threads.
        this.dnsExecutor = Executors.newFixedThreadPool(4, NamedThreads.factory("mamori-dns"));
        MessageWalker walker = new MessageWalker(ScanLimits.defaults(), new ItemStorage(spoolDir.resolveSibling("scan-tmp")));
        this.scanService = new EngineScanService(walker, () -> this.engines, scanExecutor, traffic::scanCompleted);
        ThreadPoolExecutor scanPool = (ThreadPoolExecutor) scanExecutor;
        traffic.scanQueue(() -> scanPool.getQueue().size());
        traffic.minuteSink(store::record);
        // the 1 Hz sampler: off the event loops, on its own thread so a slow purge never delays a sample
        metricsSampler.scheduleAtFixedRate(this::sampleTraffic, 1, 1, TimeUnit.SECONDS);
        this.clientGate = new ClientGate(config.access(), Clock.systemUTC());
        this.upstreamPolicy = new UpstreamPolicy(config.upstreams(), dnsExecutor);
        // quarantine retention: at start, then daily
        housekeeping.scheduleWithFixedDelay(this::purgeQuarantine, 1, 24 * 60 * 60, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(this::applyStoreRetention, 5, 24 * 60 * 60, TimeUnit.SECONDS);
    }

    public static ProxyRuntime start(MamoriConfig config)
            throws IOException, java.security.GeneralSecurityException, SignatureFormatException {
        Path dataDir = config.server().dataDir();
        Files.createDirectories(dataDir);
        Path spool = dataDir.resolve("spool");
        Files.createDirectories(spool);
        cleanStale(spool, "spool-*.tmp");
        Path scanTmp = dataDir.resolve("scan-tmp");
        Files.createDirectories(scanTmp);
        cleanStale(scanTmp, "item-*.tmp");
        boolean serverTls = config.pop3().listeners().stream().anyMatch(l -> l.tls() != ClientTls.NONE)
                || config.smtp().enabled() && config.smtp().listeners().stream().anyMatch(l -> l.tls() != ClientTls.NONE);
        TlsMaterial tls = TlsMaterial.load(config.tls(), config.upstreams().extraCaFiles(), dataDir, serverTls,
                config.server().name());
        LOG.info("Runtime ready: transport {}, {} cores, data directory {}", Transports.epoll() ? "epoll" : "nio",
                Runtime.getRuntime().availableProcessors(), dataDir.toAbsolutePath());
        Quarantine quarantine = new Quarantine(dataDir.resolve("quarantine"), Clock.systemUTC());
        List<ContentEngine> engines = loadEngines(config.scan());
        EventStore store = EventStore.open(dataDir);
        ProxyRuntime runtime = new ProxyRuntime(config, tls, spool, quarantine, engines, store);
        try {
            runtime.observability = Observability.start(config, runtime.events, store, runtime.traffic,
                    runtime.housekeeping);
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    /**
     * The engine set from the configured files; a file that cannot be read stops the start with its reason. With an
     * update source, the updater rebuilds the set with the installed components ({@code EngineSetBuilder}).
     */
    public static List<ContentEngine> loadEngines(ScanSettings scan) throws IOException, SignatureFormatException {
        return dev.mamori.core.component.EngineSetBuilder.build(scan, dev.mamori.core.component.ComponentPayloads.none(), null);
    }

    /** Upstream reachability: proxies report connection failures and successes here (system alerts). */
    public dev.mamori.core.notify.UpstreamHealth upstreamHealth() {
        return observability.upstreamHealth();
    }

    /** The mail notifier, or null when {@code notifications} is not configured. */
    public dev.mamori.core.notify.Notifier notifier() {
        return observability.notifier();
    }

    /** The Prometheus endpoint's address, or null when it is disabled. */
    public java.net.InetSocketAddress prometheusAddress() {
        return observability.prometheusAddress();
    }

    private void sampleTraffic() {
        try {
            traffic.sample();
        } catch (RuntimeException e) {
            LOG.warn("Traffic sample failed: {}", e.toString()); // a scheduled task that throws is never run again
        }
    }

    private void purgeQuarantine() {
        try {
            List<String> ids = quarantine.purged(config.scan().quarantineRetention());
            for (String id : ids) {
                store.record(new dev.mamori.core.store.QuarantineEvent.StatusChanged(id, java.time.Instant.now(), "expired"));
            }
            if (!ids.isEmpty()) {
                LOG.info("Quarantine: deleted {} entries older than {}", ids.size(), config.scan().quarantineRetention());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Quarantine retention could not be applied: {}", e.toString());
        }
    }

    /** Runs the daily housekeeping now (quarantine and event store retention), on the calling thread. */
    void housekeepingNow() {
        purgeQuarantine();
        applyStoreRetention();
    }

    /** The event store's retention: rows older than each table's period are deleted (at start, then daily). */
    private void applyStoreRetention() {
        try {
            var result = store.applyRetention(config.store().retention().toSettings());
            if (result.total() > 0) {
                LOG.info("Event store retention: deleted {} message, {} detection, {} statistics, {} audit and {} "
                                + "component rows", result.messages(), result.detections(), result.stats(), result.audit(),
                        result.componentHistory());
            }
        } catch (RuntimeException e) {
            LOG.warn("Event store retention could not be applied: {}", e.toString());
        }
    }

    /**
     * Spool files and the walker's item files are transient copies of messages still held by their upstream: a file
     * left by a crash is safe to delete, and nothing else is kept in these directories.
     */
    private static void cleanStale(Path dir, String glob) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    public MamoriConfig config() {
        return config;
    }

    public EventLoopGroup bossGroup() {
        return bossGroup;
    }

    public EventLoopGroup workerGroup() {
        return workerGroup;
    }

    public ScanService scanService() {
        return scanService;
    }

    public ClientGate clientGate() {
        return clientGate;
    }

    public UpstreamPolicy upstreamPolicy() {
        return upstreamPolicy;
    }

    public TlsMaterial tls() {
        return tls;
    }

    /** The engines new scans use. */
    public List<ContentEngine> engines() {
        return engines;
    }

    /** Replaces the engines for every scan that starts from now on. */
    public void useEngines(List<ContentEngine> engines) {
        this.engines = List.copyOf(engines);
    }

    /** Applies the scan policy (quarantine, tagging, notices): blocking, so call it on {@link #scanExecutor()}. */
    public MessageDisposer disposer() {
        return disposer;
    }

    /** Message tracking, detections and the quarantine index (SQLite in the data directory). */
    public EventStore store() {
        return store;
    }

    public Quarantine quarantine() {
        return quarantine;
    }

    /** The live event feed (detections, service and component changes). */
    public dev.mamori.core.events.EventHub events() {
        return events;
    }

    /** The "allow POP3/SMTP connections" switches. */
    public ServiceControl services() {
        return services;
    }

    /** Live traffic counters per protocol and listener. */
    public dev.mamori.core.metrics.TrafficMeter traffic() {
        return traffic;
    }

    /** The components (engine, patterns, lists) and their updates. */
    public dev.mamori.core.component.ComponentControl components() {
        return components;
    }

    /** Installs the component manager (the updater replaces the local-files default). */
    public void useComponents(dev.mamori.core.component.ComponentControl components) {
        this.components = java.util.Objects.requireNonNull(components);
    }

    public ExecutorService scanExecutor() {
        return scanExecutor;
    }

    public ExecutorService ioExecutor() {
        return ioExecutor;
    }

    public Path spoolDir() {
        return spoolDir;
    }

    @Override
    public void close() {
        Observability o = observability;
        if (o != null) {
            o.closeEndpoints();
        }
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        housekeeping.shutdownNow();
        metricsSampler.shutdownNow();
        try {
            metricsSampler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scanService.close();
        scanExecutor.shutdownNow();
        dnsExecutor.shutdownNow();
        ioExecutor.shutdown();
        try {
            workerGroup.terminationFuture().await(5, TimeUnit.SECONDS);
            ioExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        if (o != null) {
            o.closeFeeds(); // after the feed: detections still queued there reach syslog and mail
        }
        traffic.flushMinute();
        store.close(); // last: writes what sessions recorded while closing
    }
}
