package dev.mamori.ui.backend;

import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.pop3.Pop3Proxy;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The runtime and the POP3 listeners, for the dashboard's tests (a real server under the window). The product's
 * desktop mode runs packaging's full {@code MamoriServer} (POP3, SMTP, admin channel, updates) instead; this module
 * cannot depend on packaging.
 */
public final class EmbeddedServer implements AutoCloseable {
    private final ProxyRuntime runtime;
    private final Pop3Proxy pop3;
    private boolean closed;

    private EmbeddedServer(ProxyRuntime runtime, Pop3Proxy pop3) {
        this.runtime = runtime;
        this.pop3 = pop3;
    }

    /** Starts the runtime and binds every configured listener; throws (having closed what it started) if one fails. */
    public static EmbeddedServer start(MamoriConfig config) throws Exception {
        ProxyRuntime runtime = ProxyRuntime.start(config);
        try {
            return new EmbeddedServer(runtime, Pop3Proxy.start(config, runtime));
        } catch (Exception | Error e) {
            try {
                runtime.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    /** The POP3 addresses actually bound, in the order of the configured listeners. */
    public List<InetSocketAddress> pop3Addresses() {
        return pop3.boundAddresses();
    }

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
