package dev.mamori.app;

import dev.mamori.core.component.service.UpdateService;
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
    private final UpdateService updates;
    private boolean closed;

    private MamoriServer(MamoriConfig config, ProxyRuntime runtime, Pop3Proxy pop3, UpdateService updates) {
        this.config = config;
        this.runtime = runtime;
        this.pop3 = pop3;
        this.updates = updates;
    }

    /** Starts the runtime and binds every configured listener; throws (having closed what it started) if one fails. */
    public static MamoriServer start(MamoriConfig config) throws Exception {
        ProxyRuntime runtime = ProxyRuntime.start(config);
        UpdateService updates = null;
        try {
            // installed components join the engine set before any listener accepts a connection
            updates = UpdateService.start(runtime);
            return new MamoriServer(config, runtime, Pop3Proxy.start(config, runtime), updates);
        } catch (Exception | Error e) {
            try {
                if (updates != null) {
                    updates.close();
                }
                runtime.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The runtime (engines, components, events) of this server. */
    public ProxyRuntime runtime() {
        return runtime;
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
            try {
                if (updates != null) {
                    updates.close();
                }
            } finally {
                runtime.close();
            }
        }
    }
}
