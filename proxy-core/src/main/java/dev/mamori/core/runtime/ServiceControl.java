package dev.mamori.core.runtime;

import dev.mamori.core.events.EventHub;
import dev.mamori.core.events.MamoriEvent;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The "allow POP3 connections" / "allow SMTP connections" switches an administrator flips at run time. A listener
 * stays bound while its protocol is off; new sessions get a clear refusal from the protocol ({@code -ERR} / {@code 421})
 * and nothing passes unscanned. Sessions already running finish.
 */
public final class ServiceControl {
    public enum Service {
        POP3, SMTP;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Service of(String word) {
            return valueOf(word.trim().toUpperCase(Locale.ROOT));
        }
    }

    private final Map<Service, AtomicBoolean> enabled = new EnumMap<>(Service.class);
    private final EventHub events;
    private final Clock clock;

    public ServiceControl(EventHub events, Clock clock) {
        this.events = events;
        this.clock = clock;
        for (Service s : Service.values()) {
            enabled.put(s, new AtomicBoolean(true));
        }
    }

    public boolean isEnabled(Service service) {
        return enabled.get(service).get();
    }

    /** Switches a protocol; returns whether this changed anything, and publishes the change when it did. */
    public boolean setEnabled(Service service, boolean on, String actor) {
        boolean changed = enabled.get(service).getAndSet(on) != on;
        if (changed && events != null) {
            events.publish(new MamoriEvent.ServiceChanged(clock.instant(), service.word(), on, actor));
        }
        return changed;
    }
}
