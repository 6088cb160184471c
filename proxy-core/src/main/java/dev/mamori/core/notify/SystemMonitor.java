package dev.mamori.core.notify;

import dev.mamori.core.events.EventHub;
import dev.mamori.core.events.MamoriEvent;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * Periodic checks (every minute, on the runtime's housekeeping thread) that turn slow conditions into
 * {@link MamoriEvent.SystemAlert}s: the data directory's file system (spool, quarantine, event store) nearly full,
 * and events the event store had to drop. Each condition is reported once when it starts (and once when the disk
 * has room again), not every minute.
 */
public final class SystemMonitor {
    private static final Logger LOG = LogManager.getLogger(SystemMonitor.class);

    private final EventHub hub;
    private final Clock clock;
    private final Path dataDir;
    private final int diskFreeBelowPercent;
    private final LongSupplier storeDropped;
    private boolean diskLow;
    private long lastDropped;

    public SystemMonitor(EventHub hub, Clock clock, Path dataDir, int diskFreeBelowPercent, LongSupplier storeDropped) {
        this.hub = hub;
        this.clock = clock;
        this.dataDir = dataDir;
        this.diskFreeBelowPercent = diskFreeBelowPercent;
        this.storeDropped = storeDropped;
        this.lastDropped = storeDropped.getAsLong();
    }

    public synchronized void check() {
        try {
            FileStore fs = Files.getFileStore(dataDir);
            checkDisk(fs.getUsableSpace(), fs.getTotalSpace());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Free space of {} cannot be read: {}", dataDir, e.toString());
        }
        long dropped = storeDropped.getAsLong();
        if (dropped > lastDropped) {
            hub.publish(new MamoriEvent.SystemAlert(clock.instant(), "store-overflow", "warning", "the event store"
                    + " dropped " + (dropped - lastDropped) + " event(s) because its queue was full ("
                    + dropped + " since start); message tracking and statistics are incomplete"));
        }
        lastDropped = dropped;
    }

    /** Visible for tests: the free-space rule with given figures. */
    synchronized void checkDisk(long usable, long total) {
        if (total <= 0) {
            return;
        }
        double freePercent = usable * 100.0 / total;
        if (!diskLow && freePercent < diskFreeBelowPercent) {
            diskLow = true;
            hub.publish(new MamoriEvent.SystemAlert(clock.instant(), "disk-low", "warning", String.format(
                    java.util.Locale.ROOT, "the disk of %s has %.1f%% free (%d MiB), below %d%%: spool and quarantine"
                            + " need room", dataDir.toAbsolutePath(), freePercent, usable >> 20, diskFreeBelowPercent)));
        } else if (diskLow && freePercent >= diskFreeBelowPercent + 1) {
            diskLow = false;
            hub.publish(new MamoriEvent.SystemAlert(clock.instant(), "disk-ok", "info", String.format(
                    java.util.Locale.ROOT, "the disk of %s has %.1f%% free again", dataDir.toAbsolutePath(), freePercent)));
        }
    }
}
