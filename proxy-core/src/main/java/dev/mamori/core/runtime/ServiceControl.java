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
 * and nothing passes unscanned. Sessions already running finish. With a state file, a switched-off protocol stays off
 * across restarts (an administrator who stopped POP3 for a reason must not find it back on after a reboot).
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

    private static final org.apache.logging.log4j.Logger LOG =
            org.apache.logging.log4j.LogManager.getLogger(ServiceControl.class);

    private final Map<Service, AtomicBoolean> enabled = new EnumMap<>(Service.class);
    private final EventHub events;
    private final Clock clock;
    private final java.nio.file.Path stateFile;

    /** Switches that start on and are not remembered. */
    public ServiceControl(EventHub events, Clock clock) {
        this(events, clock, null);
    }

    /**
     * Switches remembered in {@code stateFile} (one line per protocol that is off, e.g. {@code pop3 off}); a missing
     * file means all on. A file that cannot be read leaves every protocol on and is logged.
     */
    public ServiceControl(EventHub events, Clock clock, java.nio.file.Path stateFile) {
        this.events = events;
        this.clock = clock;
        this.stateFile = stateFile;
        for (Service s : Service.values()) {
            enabled.put(s, new AtomicBoolean(true));
        }
        if (stateFile != null && java.nio.file.Files.exists(stateFile)) {
            try {
                for (String line : java.nio.file.Files.readAllLines(stateFile)) {
                    String[] words = line.trim().split("\\s+");
                    if (words.length == 2 && words[1].equals("off")) {
                        try {
                            Service s = Service.of(words[0]);
                            enabled.get(s).set(false);
                            LOG.warn("{} connections are switched off by an administrator (remembered in {}); switch them "
                                    + "on with: mamori service enable {}", s.name(), stateFile, s.word());
                        } catch (IllegalArgumentException unknown) {
                            LOG.warn("{}: unknown service '{}' ignored", stateFile, words[0]);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                LOG.error("Service switches could not be read from {} ({}); every protocol starts on", stateFile, e.toString());
            }
        }
    }

    public boolean isEnabled(Service service) {
        return enabled.get(service).get();
    }

    /** Switches a protocol; returns whether this changed anything, and publishes the change when it did. */
    public boolean setEnabled(Service service, boolean on, String actor) {
        boolean changed = enabled.get(service).getAndSet(on) != on;
        if (changed) {
            save();
        }
        if (changed && events != null) {
            events.publish(new MamoriEvent.ServiceChanged(clock.instant(), service.word(), on, actor));
        }
        return changed;
    }

    /** Writes the switches (atomically: a temp file renamed over the old one); a failure is logged, the switch holds. */
    private synchronized void save() {
        if (stateFile == null) {
            return;
        }
        StringBuilder text = new StringBuilder("# Written by Mamori: protocols switched off by an administrator\n");
        for (Service s : Service.values()) {
            if (!enabled.get(s).get()) {
                text.append(s.word()).append(" off\n");
            }
        }
        try {
            java.nio.file.Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            java.nio.file.Files.writeString(tmp, text);
            java.nio.file.Files.move(tmp, stateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            LOG.error("Service switches could not be saved to {} ({}); they hold until the next restart", stateFile,
                    e.toString());
        }
    }
}
