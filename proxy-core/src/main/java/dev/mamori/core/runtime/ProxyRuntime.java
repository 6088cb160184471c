package dev.mamori.core.runtime;

import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.net.ClientGate;
import dev.mamori.core.net.Transports;
import dev.mamori.core.net.UpstreamPolicy;
import dev.mamori.core.scan.PassThroughScanService;
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

    private ProxyRuntime(MamoriConfig config, TlsMaterial tls, Path spoolDir) {
        this.config = config;
        this.tls = tls;
        this.spoolDir = spoolDir;
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
        this.scanService = new PassThroughScanService(scanExecutor);
        this.clientGate = new ClientGate(config.access(), Clock.systemUTC());
        this.upstreamPolicy = new UpstreamPolicy(config.upstreams(), dnsExecutor);
    }

    public static ProxyRuntime start(MamoriConfig config) throws IOException, java.security.GeneralSecurityException {
        Path dataDir = config.server().dataDir();
        Files.createDirectories(dataDir);
        Path spool = dataDir.resolve("spool");
        Files.createDirectories(spool);
        cleanStaleSpool(spool);
        boolean serverTls = config.pop3().listeners().stream().anyMatch(l -> l.tls() != ClientTls.NONE);
        TlsMaterial tls = TlsMaterial.load(config.tls(), config.upstreams().extraCaFiles(), dataDir, serverTls,
                config.server().name());
        LOG.info("Runtime ready: transport {}, {} cores, data directory {}", Transports.epoll() ? "epoll" : "nio",
                Runtime.getRuntime().availableProcessors(), dataDir.toAbsolutePath());
        return new ProxyRuntime(config, tls, spool);
    }

    /** Spool files are transient copies of messages still held by their upstream; a leftover is safe to delete. */
    private static void cleanStaleSpool(Path spool) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool, "spool-*.tmp")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
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

    public ExecutorService ioExecutor() {
        return ioExecutor;
    }

    public Path spoolDir() {
        return spoolDir;
    }

    @Override
    public void close() {
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
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
    }
}
