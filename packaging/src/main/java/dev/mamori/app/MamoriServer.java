package dev.mamori.app;

import dev.mamori.core.admin.Results;
import dev.mamori.core.admin.server.AdminServer;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.pop3.Pop3Proxy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One running Mamori: the shared runtime and the proxies started on it, closed in reverse order. Start either
 * succeeds completely or leaves nothing behind.
 */
public final class MamoriServer implements AutoCloseable {
    private final MamoriConfig config;
    private final ProxyRuntime runtime;
    private final Pop3Proxy pop3;
    private final AdminServer admin;
    private boolean closed;

    private MamoriServer(MamoriConfig config, ProxyRuntime runtime, Pop3Proxy pop3, AdminServer admin) {
        this.config = config;
        this.runtime = runtime;
        this.pop3 = pop3;
        this.admin = admin;
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
        ProxyRuntime runtime = ProxyRuntime.start(config);
        Pop3Proxy pop3 = null;
        try {
            pop3 = Pop3Proxy.start(config, runtime);
            AdminServer admin = null;
            if (config.admin().enabled()) {
                Pop3Proxy p = pop3;
                admin = AdminServer.start(runtime, config.admin(), configFile, () -> listeners(config, p),
                        VersionProvider.version());
            }
            return new MamoriServer(config, runtime, pop3, admin);
        } catch (Exception | Error e) {
            try {
                if (pop3 != null) {
                    pop3.close();
                }
                runtime.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static List<Results.Listener> listeners(MamoriConfig config, Pop3Proxy pop3) {
        List<Results.Listener> out = new ArrayList<>();
        List<InetSocketAddress> bound = pop3.boundAddresses();
        var configured = config.pop3().listeners();
        for (int i = 0; i < bound.size(); i++) {
            String name = i < configured.size() ? configured.get(i).name() : "pop3-" + i;
            out.add(Results.Listener.of("pop3", name, bound.get(i)));
        }
        return out;
    }

    /** The admin channel, or null when it is off. */
    public AdminServer admin() {
        return admin;
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
            if (admin != null) {
                admin.close();
            }
        } finally {
            try {
                pop3.close();
            } finally {
                runtime.close();
            }
        }
    }
}
