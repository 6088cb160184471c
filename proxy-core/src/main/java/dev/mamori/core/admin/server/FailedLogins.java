package dev.mamori.core.admin.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login throttling per client address: after {@link #MAX_FAILURES} failed logins within {@link #WINDOW}, further
 * attempts from that address are refused without checking the password until the oldest failure leaves the window.
 * Refusing without hashing also keeps an attacker from tying up the hashing threads.
 */
final class FailedLogins {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final int MAX_TRACKED = 10_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    FailedLogins(Clock clock) {
        this.clock = clock;
    }

    /** True when {@code address} may try now. */
    boolean allowed(String address) {
        Deque<Instant> d = failures.get(address);
        if (d == null) {
            return true;
        }
        synchronized (d) {
            prune(d);
            return d.size() < MAX_FAILURES;
        }
    }

    void failed(String address) {
        if (failures.size() > MAX_TRACKED) {
            failures.values().removeIf(d -> {
                synchronized (d) {
                    prune(d);
                    return d.isEmpty();
                }
            });
        }
        Deque<Instant> d = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (d) {
            prune(d);
            d.addLast(clock.instant());
        }
    }

    void succeeded(String address) {
        failures.remove(address);
    }

    private void prune(Deque<Instant> d) {
        Instant cutoff = clock.instant().minus(WINDOW);
        while (!d.isEmpty() && d.peekFirst().isBefore(cutoff)) {
            d.removeFirst();
        }
    }
}
