package dev.mamori.app;

import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.pop3.Pop3Proxy;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One running Mamori: the shared runtime and the proxies started on it, closed in reverse order. Start either
 * succeeds completely or leaves nothing behind.
 */
public final class MamoriServer implements AutoCloseable {
    private final MamoriConfig config;
    private final ProxyRuntime runtime;
    private final Pop3Proxy pop3;
    private boolean closed;

    private MamoriServer(MamoriConfig config, ProxyRuntime runtime, Pop3Proxy pop3) {
        this.config = config;
        this.runtime = runtime;
        this.pop3 = pop3;
    }

    /** Starts the runtime and binds every configured listener; throws (having closed what it started) if one fails. */
    public static MamoriServer start(MamoriConfig config) throws Exception {
        ProxyRuntime runtime = ProxyRuntime.start(config);
        try {
            return new MamoriServer(config, runtime, Pop3Proxy.start(config, runtime));
        } catch (Exception | Error e) {
            try {
                runtime.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public MamoriConfig config() {
        return config;
    }

    /** The addresses actually bound (with real port numbers where the config said port 0). */
    public List<InetSocketAddress> boundAddresses() {
        return pop3.boundAddresses();
    }

    /** Stops accepting, closes sessions and the runtime. Safe to call more than once, from any thread. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pop3.close();
        } finally {
            runtime.close();
        }
    }
}
