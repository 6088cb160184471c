package dev.mamori.ui.viewmodel;

import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.runtime.ServiceControl.Service;
import dev.mamori.ui.backend.DashboardBackend;
import dev.mamori.ui.backend.Pulse;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The overview: tiles, fixed five-minute chart windows and the service cards. Pulses arrive on a backend thread and
 * reach the UI thread through a {@link Batcher} (one task per pulse at most); every figure comes from the server.
 */
public final class OverviewViewModel implements AutoCloseable {
    public static final int WINDOW_SECONDS = 300;
    public static final List<String> PROTOCOLS = List.of("pop3", "smtp");

    private final ReadOnlyLongWrapper messagesToday = new ReadOnlyLongWrapper(this, "messagesToday");
    private final ReadOnlyLongWrapper detectionsToday = new ReadOnlyLongWrapper(this, "detectionsToday");
    private final ReadOnlyLongWrapper quarantined = new ReadOnlyLongWrapper(this, "quarantined");
    private final ReadOnlyObjectWrapper<Instant> lastUpdate = new ReadOnlyObjectWrapper<>(this, "lastUpdate");
    private final ReadOnlyObjectWrapper<Instant> lastPulse = new ReadOnlyObjectWrapper<>(this, "lastPulse");
    private final ReadOnlyLongWrapper activeSessions = new ReadOnlyLongWrapper(this, "activeSessions");
    private final ReadOnlyDoubleWrapper scanMillis = new ReadOnlyDoubleWrapper(this, "scanMillis", Double.NaN);
    private final ReadOnlyLongWrapper pulses = new ReadOnlyLongWrapper(this, "pulses");
    private final javafx.beans.property.ReadOnlyBooleanWrapper trafficReported =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "trafficReported");

    private final Map<String, SampleWindow> bytesPerSecond = Map.of(
            "pop3", new SampleWindow(WINDOW_SECONDS), "smtp", new SampleWindow(WINDOW_SECONDS));
    private final Map<String, SampleWindow> messagesPerMinute = Map.of(
            "pop3", new SampleWindow(WINDOW_SECONDS), "smtp", new SampleWindow(WINDOW_SECONDS));
    private final SampleWindow sessions = new SampleWindow(WINDOW_SECONDS);
    private final SampleWindow latency = new SampleWindow(WINDOW_SECONDS);
    private final RateTracker rates = new RateTracker();

    private final ServiceCardViewModel pop3;
    private final ServiceCardViewModel smtp;
    private final AutoCloseable pulseSubscription;
    private final AutoCloseable eventSubscription;

    public OverviewViewModel(DashboardBackend backend, UiContext ctx) {
        this.pop3 = new ServiceCardViewModel(Service.POP3, backend, ctx);
        this.smtp = new ServiceCardViewModel(Service.SMTP, backend, ctx);
        Batcher<Pulse> pulseBatcher = ctx.batcher(WINDOW_SECONDS, this::apply);
        this.pulseSubscription = backend.onPulse(pulseBatcher::add);
        Batcher<MamoriEvent.ServiceChanged> serviceBatcher = ctx.batcher(16, changes -> {
            pop3.refresh();
            smtp.refresh();
        });
        this.eventSubscription = backend.onEvent(e -> {
            if (e instanceof MamoriEvent.ServiceChanged s) {
                serviceBatcher.add(s);
            }
        });
    }

    /** Applies pulses in order. UI thread (or the test's thread). */
    void apply(List<Pulse> batch) {
        for (Pulse p : batch) {
            long second = p.time().getEpochSecond();
            Map<String, RateTracker.Rates> r = rates.next(p);
            long open = 0;
            for (String protocol : PROTOCOLS) {
                RateTracker.Rates x = r.get(protocol);
                bytesPerSecond.get(protocol).add(second, x == null ? 0 : x.bytesPerSecond());
                messagesPerMinute.get(protocol).add(second, x == null ? 0 : x.messagesPerMinute());
                open += x == null ? 0 : x.activeSessions();
            }
            pop3.sessions(r.containsKey("pop3") ? r.get("pop3").activeSessions() : 0);
            smtp.sessions(r.containsKey("smtp") ? r.get("smtp").activeSessions() : 0);
            sessions.add(second, open);
            if (!Double.isNaN(p.scanMillis())) {
                scanMillis.set(p.scanMillis());
            }
            latency.add(second, Double.isNaN(p.scanMillis()) ? 0 : p.scanMillis());
            activeSessions.set(open);
            trafficReported.set(!p.traffic().listeners().isEmpty());
            messagesToday.set(p.messagesToday());
            detectionsToday.set(p.detectionsToday());
            quarantined.set(p.quarantined());
            lastUpdate.set(p.lastUpdate());
            lastPulse.set(p.time());
        }
        pulses.set(pulses.get() + batch.size()); // last: views redraw the charts on this
    }

    public ReadOnlyLongProperty messagesTodayProperty() {
        return messagesToday.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty detectionsTodayProperty() {
        return detectionsToday.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty quarantinedProperty() {
        return quarantined.getReadOnlyProperty();
    }

    /** The newest component check or update, or null when there never was one. */
    public ReadOnlyObjectProperty<Instant> lastUpdateProperty() {
        return lastUpdate.getReadOnlyProperty();
    }

    /** The time of the newest pulse (the "as of" of every figure). */
    public ReadOnlyObjectProperty<Instant> lastPulseProperty() {
        return lastPulse.getReadOnlyProperty();
    }

    /**
     * Whether the server reports traffic counters (bytes, sessions) at all; a server whose proxies do not meter yet
     * sends none, and the view says so instead of showing zeros.
     */
    public javafx.beans.property.ReadOnlyBooleanProperty trafficReportedProperty() {
        return trafficReported.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty activeSessionsProperty() {
        return activeSessions.getReadOnlyProperty();
    }

    /** Mean scan time of the most recent second that had scans, NaN before the first. */
    public ReadOnlyDoubleProperty scanMillisProperty() {
        return scanMillis.getReadOnlyProperty();
    }

    /** Counts applied pulses; charts redraw when it changes. */
    public ReadOnlyLongProperty pulsesProperty() {
        return pulses.getReadOnlyProperty();
    }

    public SampleWindow bytesPerSecond(String protocol) {
        return bytesPerSecond.get(protocol);
    }

    public SampleWindow messagesPerMinute(String protocol) {
        return messagesPerMinute.get(protocol);
    }

    public SampleWindow sessions() {
        return sessions;
    }

    /** Mean scan time per second in milliseconds (0 for a second without scans). */
    public SampleWindow scanLatency() {
        return latency;
    }

    public ServiceCardViewModel pop3() {
        return pop3;
    }

    public ServiceCardViewModel smtp() {
        return smtp;
    }

    @Override
    public void close() throws Exception {
        pulseSubscription.close();
        eventSubscription.close();
    }
}
