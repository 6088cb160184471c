package dev.mamori.smtp.policy;

import dev.mamori.core.config.ThrottleLimit;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connection and message counts per key (a client network, a sender, a user) in a fixed window that starts with the
 * key's first event, and the block that follows going over a limit. Thread-safe with one small lock per key, so
 * event loops only ever contend on the same client, sender or user.
 *
 * <p>Memory is bounded: at most {@code maxKeys} keys are tracked (a few more while several threads insert at once).
 * When full, entries whose window and block have ended and that have no open connection are dropped; if that frees
 * less than a tenth of the space, entries that are neither blocked nor busy are dropped too, so a flood of distinct
 * keys costs the flooder's own counts rather than memory. Only when every entry is blocked or busy is a new key not
 * tracked (its events pass, counted in {@link #untracked()}).
 */
final class RateCounter {
    /** Minimum time between two sweeps that could not make room, so a table of blocked keys costs O(1) per event. */
    private static final long IDLE_SWEEP_INTERVAL_MS = 1000;

    private final ThrottleLimit limit;
    private final Clock clock;
    private final int maxKeys;
    private final long windowMs;
    private final long blockMs;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicLong lastFruitlessSweep = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder untracked = new LongAdder();

    RateCounter(ThrottleLimit limit, Clock clock, int maxKeys) {
        this.limit = limit;
        this.clock = clock;
        this.maxKeys = maxKeys;
        this.windowMs = limit.window().toMillis();
        this.blockMs = limit.blockFor().toMillis();
    }

    ThrottleLimit limit() {
        return limit;
    }

    /**
     * Counts a connection unless the key is blocked or the connection limit is reached (which starts a block).
     * Returns 0 when admitted (the connection must later be {@link #release released}), else the epoch millisecond
     * at which the block ends.
     */
    long tryConnect(String key) {
        long now = clock.millis();
        while (true) {
            Entry e = entry(key, now);
            if (e == null) {
                return 0;
            }
            synchronized (e) {
                if (e.dead) {
                    continue;
                }
                if (e.blockedUntil > now) {
                    return e.blockedUntil;
                }
                e.roll(now, windowMs);
                if (limit.limitsConnections() && e.connections >= limit.maxConnections()) {
                    e.blockedUntil = now + blockMs;
                    return e.blockedUntil;
                }
                e.connections++;
                e.active++;
                return 0;
            }
        }
    }

    /** The end of a connection admitted by {@link #tryConnect}. */
    void release(String key) {
        Entry e = entries.get(key);
        if (e != null) {
            synchronized (e) {
                if (e.active > 0) {
                    e.active--;
                }
            }
        }
    }

    /**
     * Whether one more message may start: 0 if so, else the epoch millisecond at which the block ends. Reaching the
     * message limit starts a block. Nothing is counted here; {@link #countMessage} counts accepted messages.
     */
    long checkMessage(String key) {
        if (!limit.limitsMessages()) {
            return 0;
        }
        long now = clock.millis();
        Entry e = entries.get(key);
        if (e == null) {
            return 0;
        }
        synchronized (e) {
            if (e.dead) {
                return 0; // dropped meanwhile: it held nothing that could refuse
            }
            if (e.blockedUntil > now) {
                return e.blockedUntil;
            }
            e.roll(now, windowMs);
            if (e.messages >= limit.maxMessages()) {
                e.blockedUntil = now + blockMs;
                return e.blockedUntil;
            }
            return 0;
        }
    }

    void countMessage(String key) {
        if (!limit.limitsMessages()) {
            return;
        }
        long now = clock.millis();
        while (true) {
            Entry e = entry(key, now);
            if (e == null) {
                return;
            }
            synchronized (e) {
                if (e.dead) {
                    continue;
                }
                e.roll(now, windowMs);
                e.messages++;
                return;
            }
        }
    }

    int trackedKeys() {
        return entries.size();
    }

    long untracked() {
        return untracked.sum();
    }

    private Entry entry(String key, long now) {
        Entry e = entries.get(key);
        if (e != null) {
            return e;
        }
        if (entries.size() >= maxKeys) {
            makeRoom(now);
            if (entries.size() >= maxKeys) {
                untracked.increment();
                return null;
            }
        }
        return entries.computeIfAbsent(key, k -> new Entry(now));
    }

    private void makeRoom(long now) {
        if (lastFruitlessSweep.get() > now - IDLE_SWEEP_INTERVAL_MS || !sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            int target = maxKeys - Math.max(1, maxKeys / 10);
            drop(now, false, 0);
            if (entries.size() > target) {
                drop(now, true, entries.size() - target);
            }
            if (entries.size() > target) {
                // nearly everything is blocked or busy: do not walk the table again for every new key
                lastFruitlessSweep.set(now);
            }
        } finally {
            sweeping.set(false);
        }
    }

    /** Drops expired entries, or with {@code idleToo} up to {@code max} entries that are neither blocked nor busy. */
    private void drop(long now, boolean idleToo, int max) {
        int dropped = 0;
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            if (idleToo && dropped >= max) {
                return;
            }
            Entry e = me.getValue();
            synchronized (e) {
                boolean drop = e.active == 0 && e.blockedUntil <= now && (idleToo || now - e.windowStart >= windowMs);
                if (drop) {
                    e.dead = true;
                    entries.remove(me.getKey(), e);
                    dropped++;
                }
            }
        }
    }

    /** Per-key state, guarded by its own monitor. */
    private static final class Entry {
        long windowStart;
        int connections;
        int messages;
        long blockedUntil;
        int active;
        boolean dead;

        Entry(long now) {
            windowStart = now;
        }

        void roll(long now, long windowMs) {
            if (now - windowStart >= windowMs) {
                windowStart = now;
                connections = 0;
                messages = 0;
            }
        }
    }
}
