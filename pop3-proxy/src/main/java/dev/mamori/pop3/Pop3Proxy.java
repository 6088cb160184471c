package dev.mamori.pop3;

import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.runtime.ProxyRuntime;

import java.net.InetSocketAddress;
import java.util.List;

/** The POP3 proxy: all configured POP3 listeners of one process. */
public final class Pop3Proxy implements AutoCloseable {
    private final List<InetSocketAddress> bound;

    private Pop3Proxy(List<InetSocketAddress> bound) {
        this.bound = bound;
    }

    /** Binds every configured listener (none when POP3 is disabled); throws if one cannot be bound. */
    public static Pop3Proxy start(MamoriConfig config, ProxyRuntime runtime) throws Exception {
        throw new UnsupportedOperationException("in progress");
    }

    public List<InetSocketAddress> boundAddresses() {
        return bound;
    }

    @Override
    public void close() {
    }
}
