package dev.mamori.core.runtime;

import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.scan.PassThroughScanService;
import dev.mamori.core.scan.ScanService;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Everything the proxies share in one process: event loops, the blocking-work executors, TLS material, policies
 * and the scan service. Created once by {@code mamori serve}, closed on shutdown.
 */
public final class ProxyRuntime implements AutoCloseable {
    private final MamoriConfig config;
    private final ExecutorService scanExecutor;
    private final ScanService scanService;

    private ProxyRuntime(MamoriConfig config) {
        this.config = config;
        int cores = Runtime.getRuntime().availableProcessors();
        this.scanExecutor = new ThreadPoolExecutor(cores, cores, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), NamedThreads.factory("mamori-scan"), new ThreadPoolExecutor.AbortPolicy());
        this.scanService = new PassThroughScanService(scanExecutor);
    }

    public static ProxyRuntime start(MamoriConfig config) throws Exception {
        return new ProxyRuntime(config);
    }

    public MamoriConfig config() {
        return config;
    }

    public ScanService scanService() {
        return scanService;
    }

    @Override
    public void close() {
        scanService.close();
        scanExecutor.shutdownNow();
    }
}
