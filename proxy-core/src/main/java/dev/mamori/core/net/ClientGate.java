package dev.mamori.core.net;

import dev.mamori.core.config.AccessSettings;
import dev.mamori.core.config.LoginThrottle;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The front door shared by every listener: the client ACL, connection limits (total and per address) and the
 * failed-login throttle. Thread-safe; called from all event loops.
 */
public final class ClientGate {
    private final AccessSettings settings;
    private final Clock clock;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Map<InetAddress, Failures> failures = new ConcurrentHashMap<>();

    public ClientGate(AccessSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public boolean isAllowedClient(InetAddress address) {
        InetAddress a = Cidr.unmap(address);
        return settings.clients().stream().anyMatch(c -> c.contains(a));
    }

    /**
     * Counts a new connection; returns {@code null} if it may proceed, else the reason it may not. A connection
     * admitted here must be released with {@link #release(InetAddress)} exactly once.
     */
    public String admit(InetAddress address) {
        InetAddress a = Cidr.unmap(address);
        if (total.incrementAndGet() > settings.maxConnections()) {
            total.decrementAndGet();
            return "too many connections";
        }
        AtomicInteger n = perAddress.computeIfAbsent(a, k -> new AtomicInteger());
        if (n.incrementAndGet() > settings.maxConnectionsPerIp()) {
            n.decrementAndGet();
            total.decrementAndGet();
            return "too many connections from your address";
        }
        return null;
    }

    public void release(InetAddress address) {
        InetAddress a = Cidr.unmap(address);
        total.decrementAndGet();
        perAddress.computeIfPresent(a, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    }

    public int activeConnections() {
        return total.get();
    }

    /** Time left before this address may try to log in again, or {@link Duration#ZERO}. */
    public Duration loginBlockedFor(InetAddress address) {
        Failures f = failures.get(Cidr.unmap(address));
        if (f == null) {
            return Duration.ZERO;
        }
        synchronized (f) {
            long left = f.blockedUntil - clock.millis();
            return left > 0 ? Duration.ofMillis(left) : Duration.ZERO;
        }
    }

    public void loginFailed(InetAddress address) {
        LoginThrottle t = settings.loginFailures();
        long now = clock.millis();
        Failures f = failures.computeIfAbsent(Cidr.unmap(address), k -> new Failures());
        synchronized (f) {
            if (now - f.windowStart > t.window().toMillis()) {
                f.windowStart = now;
                f.count = 0;
            }
            if (++f.count >= t.maxFailures()) {
                f.blockedUntil = now + t.blockFor().toMillis();
                f.count = 0;
                f.windowStart = now;
            }
        }
        if (failures.size() > 100_000) {
            purge(now);
        }
    }

    public void loginSucceeded(InetAddress address) {
        Failures f = failures.get(Cidr.unmap(address));
        if (f != null) {
            synchronized (f) {
                if (f.blockedUntil <= clock.millis()) {
                    failures.remove(Cidr.unmap(address), f);
                }
            }
        }
    }

    private void purge(long now) {
        long window = settings.loginFailures().window().toMillis();
        failures.entrySet().removeIf(e -> {
            Failures f = e.getValue();
            synchronized (f) {
                return f.blockedUntil <= now && now - f.windowStart > window;
            }
        });
    }

    private static final class Failures {
        long windowStart;
        int count;
        long blockedUntil;
    }
}
