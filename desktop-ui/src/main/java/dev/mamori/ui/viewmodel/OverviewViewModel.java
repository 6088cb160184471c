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
 *
 * <p>The charts' {@link #rangeProperty() range} is the live five minutes or a longer history (an hour, a day) of
 * per-minute rows from the server's event store, read when the range is chosen and then once a minute (the minutes
 * read again are merged in {@link MinuteHistory}); the live windows keep filling, at their fixed size, whatever range
 * is shown.
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

    /** How long after a minute ends its rows are read: the server writes them within about a second. */
    static final long HISTORY_SETTLE_MILLIS = 10_000;
    /** The minutes read again at each refresh (a row may still grow, e.g. when a server stopped mid-minute). */
    static final int HISTORY_REREAD_MINUTES = 3;

    private final DashboardBackend backend;
    private final UiContext ctx;
    private final ReadOnlyObjectWrapper<ChartRange> range = new ReadOnlyObjectWrapper<>(this, "range", ChartRange.LIVE);
    private final MinuteHistory history = new MinuteHistory();
    private final Map<String, HistorySeries> historyBytes = new java.util.HashMap<>();
    private final Map<String, HistorySeries> historyMessages = new java.util.HashMap<>();
    private HistorySeries historySessions = HistorySeries.EMPTY;
    private HistorySeries historyScanP50 = HistorySeries.EMPTY;
    private HistorySeries historyScanP99 = HistorySeries.EMPTY;
    private long historyFrom;
    private long historyTo;
    private final ReadOnlyLongWrapper historyVersion = new ReadOnlyLongWrapper(this, "historyVersion");
    private final javafx.beans.property.ReadOnlyBooleanWrapper historyLoading =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "historyLoading");
    private final ReadOnlyObjectWrapper<String> historyError = new ReadOnlyObjectWrapper<>(this, "historyError");
    /** Bumped by every range change and by close: answers and timers of an older generation are ignored. */
    private long generation;

    private final ServiceCardViewModel pop3;
    private final ServiceCardViewModel smtp;
    private final AutoCloseable pulseSubscription;
    private final AutoCloseable eventSubscription;

    public OverviewViewModel(DashboardBackend backend, UiContext ctx) {
        this.backend = backend;
        this.ctx = ctx;
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

    // ---------------------------------------------------------------- longer history from the store

    /** Shows {@code r} in the charts; a history range is read now and then once a minute. UI thread. */
    public void setRange(ChartRange r) {
        java.util.Objects.requireNonNull(r, "range");
        if (r == range.get()) {
            return;
        }
        generation++;
        range.set(r);
        history.clear();
        historyError.set(null);
        if (r.live()) {
            historyLoading.set(false);
            clearSeries();
            historyVersion.set(historyVersion.get() + 1);
            return;
        }
        read(generation, true);
    }

    private void read(long gen, boolean whole) {
        ChartRange r = range.get();
        long now = ctx.millisClock().getAsLong();
        long currentMinute = Math.floorDiv(now, 60_000L) * 60;
        long rangeFrom = currentMinute - 60L * (r.minutes() - 1);
        long to = currentMinute + 60; // includes a row of the minute in progress, if one was written early
        long from = whole ? rangeFrom : Math.max(rangeFrom, currentMinute - 60L * HISTORY_REREAD_MINUTES);
        historyLoading.set(true);
        Instant f = Instant.ofEpochSecond(from);
        Instant t = Instant.ofEpochSecond(to);
        java.util.concurrent.CompletableFuture<List<dev.mamori.core.store.StatsMinute>> traffic =
                ask(() -> backend.statsHistory(f, t));
        java.util.concurrent.CompletableFuture<List<dev.mamori.core.store.ScanMinute>> scans =
                ask(() -> backend.scanTimes(f, t));
        traffic.thenCombine(scans, HistoryRead::new).whenComplete((read, failure) ->
                ctx.ui().execute(() -> applyHistory(gen, from, to, read, failure)));
    }

    /** One history read: the traffic rows and the scan times of the same minutes. */
    private record HistoryRead(List<dev.mamori.core.store.StatsMinute> traffic,
                               List<dev.mamori.core.store.ScanMinute> scans) {
    }

    private static <T> java.util.concurrent.CompletableFuture<T> ask(
            java.util.function.Supplier<java.util.concurrent.CompletionStage<T>> call) {
        try {
            return call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    private void applyHistory(long gen, long from, long to, HistoryRead read, Throwable failure) {
        if (gen != generation) {
            return; // the range changed (or the view-model closed) while reading
        }
        historyLoading.set(false);
        if (failure != null) {
            historyError.set(Failures.reason(failure));
        } else {
            historyError.set(null);
            history.replace(from, to, read.traffic());
            history.replaceScans(from, to, read.scans());
            recompute();
        }
        long now = ctx.millisClock().getAsLong();
        long nextRead = (Math.floorDiv(now, 60_000L) + 1) * 60_000L + HISTORY_SETTLE_MILLIS - now;
        ctx.delayer().after(nextRead, () -> ctx.ui().execute(() -> {
            if (gen == generation) {
                read(gen, false);
            }
        }));
    }

    private void recompute() {
        ChartRange r = range.get();
        long now = ctx.millisClock().getAsLong();
        long currentMinute = Math.floorDiv(now, 60_000L) * 60;
        historyFrom = currentMinute - 60L * (r.minutes() - 1);
        historyTo = currentMinute + 60;
        history.dropBefore(historyFrom);
        Instant started = backend.serverInfo().started();
        long runningSince = started == null ? Long.MAX_VALUE : Math.floorDiv(started.getEpochSecond(), 60L) * 60;
        long settledUntil = Math.floorDiv(now - HISTORY_SETTLE_MILLIS, 60_000L) * 60;
        for (String protocol : PROTOCOLS) {
            historyBytes.put(protocol, history.series(MinuteHistory.Metric.BYTES_PER_SECOND, protocol, historyFrom,
                    historyTo, runningSince, settledUntil));
            historyMessages.put(protocol, history.series(MinuteHistory.Metric.MESSAGES_PER_MINUTE, protocol,
                    historyFrom, historyTo, runningSince, settledUntil));
        }
        historySessions = history.series(MinuteHistory.Metric.SESSIONS_OPENED, null, historyFrom, historyTo,
                runningSince, settledUntil);
        historyScanP50 = history.scanSeries(MinuteHistory.ScanMetric.P50, historyFrom, historyTo);
        historyScanP99 = history.scanSeries(MinuteHistory.ScanMetric.P99, historyFrom, historyTo);
        historyVersion.set(historyVersion.get() + 1); // last: views redraw the history on this
    }

    private void clearSeries() {
        historyBytes.clear();
        historyMessages.clear();
        historySessions = HistorySeries.EMPTY;
        historyScanP50 = HistorySeries.EMPTY;
        historyScanP99 = HistorySeries.EMPTY;
    }

    /** The range the charts show; {@link ChartRange#LIVE} at first. */
    public ReadOnlyObjectProperty<ChartRange> rangeProperty() {
        return range.getReadOnlyProperty();
    }

    /** Counts history updates (and range changes); the charts redraw the history when it changes. */
    public ReadOnlyLongProperty historyVersionProperty() {
        return historyVersion.getReadOnlyProperty();
    }

    /** True while a store read for the history range is running. */
    public javafx.beans.property.ReadOnlyBooleanProperty historyLoadingProperty() {
        return historyLoading.getReadOnlyProperty();
    }

    /** Why the last history read failed, or null. The data read before stays shown. */
    public ReadOnlyObjectProperty<String> historyErrorProperty() {
        return historyError.getReadOnlyProperty();
    }

    /** Bytes per second (both ways, averaged over each minute) of {@code protocol} over the history range. */
    public HistorySeries historyBytesPerSecond(String protocol) {
        return historyBytes.getOrDefault(protocol, HistorySeries.EMPTY);
    }

    public HistorySeries historyMessagesPerMinute(String protocol) {
        return historyMessages.getOrDefault(protocol, HistorySeries.EMPTY);
    }

    /** Sessions opened per minute, every protocol. */
    public HistorySeries historySessionsOpened() {
        return historySessions;
    }

    /** Median scan time per minute of the tracked messages; a gap in a minute without messages. */
    public HistorySeries historyScanP50() {
        return historyScanP50;
    }

    /** 99th percentile of the scan times per minute; a gap in a minute without messages. */
    public HistorySeries historyScanP99() {
        return historyScanP99;
    }

    /** The first minute of the history range (epoch second). */
    public long historyFrom() {
        return historyFrom;
    }

    /** The end of the history range (epoch second, exclusive): the end of the minute in progress. */
    public long historyTo() {
        return historyTo;
    }

    @Override
    public void close() throws Exception {
        generation++;
        pulseSubscription.close();
        eventSubscription.close();
    }
}
