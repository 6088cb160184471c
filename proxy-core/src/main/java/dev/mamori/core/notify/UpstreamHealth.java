package dev.mamori.core.notify;

import dev.mamori.core.events.EventHub;
import dev.mamori.core.events.MamoriEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Tracks upstream servers that cannot be reached. The first failure starts the clock; a failure once the outage has
 * lasted longer than the threshold publishes one {@code upstream-unreachable} {@link MamoriEvent.SystemAlert}; the
 * next success clears the state (and, if an alert went out, publishes {@code upstream-recovered}). Called from event
 * loops: lock-free, and bounded to {@value #MAX_TRACKED} upstreams at a time (clients on the generic port choose the
 * upstream, within the allow-list).
 */
public final class UpstreamHealth {
    static final int MAX_TRACKED = 1000;

    private record Outage(Instant since, String lastReason, boolean alerted) {
    }

    private final EventHub hub;
    private final Clock clock;
    private final Duration threshold;
    private final ConcurrentMap<String, Outage> outages = new ConcurrentHashMap<>();

    public UpstreamHealth(EventHub hub, Clock clock, Duration threshold) {
        this.hub = hub;
        this.clock = clock;
        this.threshold = threshold;
    }

    /** A connection to {@code upstream} (host:port) failed: refused, unreachable, timed out. */
    public void failed(String upstream, String reason) {
        Instant now = clock.instant();
        if (!outages.containsKey(upstream) && outages.size() >= MAX_TRACKED) {
            return;
        }
        boolean[] alert = new boolean[1];
        Outage o = outages.compute(upstream, (k, old) -> {
            Outage base = old == null ? new Outage(now, reason, false) : new Outage(old.since(), reason, old.alerted());
            if (!base.alerted() && Duration.between(base.since(), now).compareTo(threshold) >= 0) {
                alert[0] = true;
                return new Outage(base.since(), reason, true);
            }
            return base;
        });
        if (alert[0]) {
            hub.publish(new MamoriEvent.SystemAlert(now, "upstream-unreachable", "warning", "upstream " + upstream
                    + " has been unreachable since " + o.since() + " (last error: " + reason + ")"));
        }
    }

    /** A connection to {@code upstream} succeeded. */
    public void succeeded(String upstream) {
        Outage o = outages.remove(upstream);
        if (o != null && o.alerted()) {
            hub.publish(new MamoriEvent.SystemAlert(clock.instant(), "upstream-recovered", "info",
                    "upstream " + upstream + " is reachable again (unreachable since " + o.since() + ")"));
        }
    }

    /** Upstreams failing right now. */
    public int failing() {
        return outages.size();
    }
}
