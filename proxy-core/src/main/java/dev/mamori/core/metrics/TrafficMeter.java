package dev.mamori.core.metrics;

import dev.mamori.core.store.StatsMinute;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Live traffic counters of a running server, per protocol and listener, plus the scanner's queue depth and latency.
 *
 * <p>Producers (sessions on the event loops, the scan service) only touch lock-free counters: {@link LongAdder}s
 * and an HdrHistogram {@link Recorder} (wait-free recording). One sampler thread calls {@link #sample()} every
 * second: it turns the counters into an immutable {@link TrafficSnapshot} with per-second rates, keeps the last
 * {@value #HISTORY} of them for the dashboard, hands each to the subscribers, and, when a minute is over, writes one
 * {@link StatsMinute} per protocol to the minute sink (the event store).
 */
public final class TrafficMeter {
    private static final Logger LOG = LogManager.getLogger(TrafficMeter.class);
    /** Snapshots kept: five minutes at one a second. */
    public static final int HISTORY = 300;
    /** Scans longer than this are recorded as this (HdrHistogram needs a bound). */
    private static final long MAX_TRACKED_MICROS = TimeUnit.HOURS.toMicros(1);

    private final ConcurrentMap<String, ListenerMeter> listeners = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Recorder scanRecorder = new Recorder(MAX_TRACKED_MICROS, 3);
    private final LongAdder scanNanos = new LongAdder();
    private final List<Consumer<? super TrafficSnapshot>> subscribers = new CopyOnWriteArrayList<>();
    private volatile IntSupplier scanQueue = () -> 0;
    private volatile Consumer<StatsMinute> minuteSink = m -> { };

    // sampler state: touched only under "this" (the sampler thread, and close)
    private final ArrayDeque<TrafficSnapshot> history = new ArrayDeque<>(HISTORY);
    private final Histogram overall = new Histogram(MAX_TRACKED_MICROS, 3);
    private Histogram interval;
    private Histogram thisMinute = new Histogram(MAX_TRACKED_MICROS, 3);
    private Histogram previousMinute = new Histogram(MAX_TRACKED_MICROS, 3);
    private final Histogram recent = new Histogram(MAX_TRACKED_MICROS, 3);
    private Instant latencyMinute;
    private volatile TrafficSnapshot last;
    private Instant minuteStart;
    private Map<String, long[]> minuteBase = new HashMap<>();

    public TrafficMeter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The meter of one listener, created on first use. */
    public ListenerMeter listener(String protocol, String listener) {
        return listeners.computeIfAbsent(protocol + '/' + listener, k -> new ListenerMeter(protocol, listener));
    }

    /** Records one scan's duration (the scan service calls this for every scan, on the scan thread). */
    public void scanCompleted(long nanos) {
        long micros = Math.max(0, Math.min(MAX_TRACKED_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
        scanRecorder.recordValue(micros);
        scanNanos.add(Math.max(0, nanos));
    }

    /** Where the queue depth gauge reads from (the scan executor's queue size). */
    public void scanQueue(IntSupplier depth) {
        this.scanQueue = Objects.requireNonNull(depth, "depth");
    }

    /** Where per-minute rows go (the event store's {@code record}); a no-op until set. */
    public void minuteSink(Consumer<StatsMinute> sink) {
        this.minuteSink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Current totals; rates and latency percentiles are those of the last sample (zero before the first). Cheap
     * enough to call on demand, but the dashboard should use the sampled feed ({@link #subscribe}).
     */
    public TrafficSnapshot snapshot() {
        TrafficSnapshot previous = last;
        Map<String, ListenerStats> rates = new HashMap<>();
        if (previous != null) {
            previous.listeners().forEach(l -> rates.put(l.key(), l));
        }
        List<ListenerStats> stats = totals().stream().map(s -> {
            ListenerStats r = rates.get(s.key());
            return r == null ? s : s.withRates(r.bytesClientToUpstreamPerSecond(), r.bytesUpstreamToClientPerSecond(),
                    r.messagesPerSecond());
        }).toList();
        ScanStats scan = previous == null ? ScanStats.NONE : previous.scan();
        return new TrafficSnapshot(clock.instant(), stats, new ScanStats(scanQueue.getAsInt(), scan.lastInterval(),
                scan.overall(), scanNanos.sum() / 1e9, scan.recent()));
    }

    /** The last sampled snapshot, or null before the first sample. */
    public TrafficSnapshot latest() {
        return last;
    }

    /** The sampled snapshots of the last five minutes (at most {@value #HISTORY}), oldest first. */
    public synchronized List<TrafficSnapshot> history() {
        return List.copyOf(history);
    }

    /**
     * Adds a subscriber that receives every sampled snapshot, on the sampler thread: it must be quick and must not
     * block (hand the snapshot to your own queue). The returned handle removes it.
     */
    public AutoCloseable subscribe(Consumer<? super TrafficSnapshot> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Takes one sample: called every second by the runtime's sampler thread (and by tests). */
    public TrafficSnapshot sample() {
        TrafficSnapshot snapshot;
        synchronized (this) {
            Instant now = clock.instant();
            interval = scanRecorder.getIntervalHistogram(interval);
            overall.add(interval);
            Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
            if (latencyMinute != null && !minute.equals(latencyMinute)) {
                Histogram h = previousMinute;
                previousMinute = thisMinute;
                thisMinute = h;
                thisMinute.reset();
                if (Duration.between(latencyMinute, minute).toMinutes() > 1) {
                    previousMinute.reset(); // a gap: the previous minute had no samples
                }
            }
            latencyMinute = minute;
            thisMinute.add(interval);
            recent.reset();
            recent.add(previousMinute);
            recent.add(thisMinute);
            TrafficSnapshot previous = last;
            List<ListenerStats> totals = totals();
            List<ListenerStats> stats = previous == null ? totals : withRates(totals, previous, now);
            snapshot = new TrafficSnapshot(now, stats, new ScanStats(scanQueue.getAsInt(), LatencySummary.of(interval),
                    LatencySummary.of(overall), scanNanos.sum() / 1e9, LatencySummary.of(recent)));
            last = snapshot;
            if (history.size() == HISTORY) {
                history.removeFirst();
            }
            history.addLast(snapshot);
            rollMinute(snapshot, false);
        }
        for (Consumer<? super TrafficSnapshot> s : subscribers) {
            try {
                s.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.warn("Traffic snapshot subscriber failed: {}", e.toString());
            }
        }
        return snapshot;
    }

    /** Writes the minute in progress (at shutdown): a row for the same minute later adds to it. */
    public synchronized void flushMinute() {
        rollMinute(new TrafficSnapshot(clock.instant(), totals()), true);
    }

    private List<ListenerStats> totals() {
        return listeners.values().stream().map(ListenerMeter::stats)
                .sorted(Comparator.comparing(ListenerStats::protocol).thenComparing(ListenerStats::listener)).toList();
    }

    private static List<ListenerStats> withRates(List<ListenerStats> totals, TrafficSnapshot previous, Instant now) {
        double seconds = Duration.between(previous.time(), now).toNanos() / 1e9;
        Map<String, ListenerStats> before = new HashMap<>();
        previous.listeners().forEach(l -> before.put(l.key(), l));
        List<ListenerStats> out = new ArrayList<>(totals.size());
        for (ListenerStats s : totals) {
            ListenerStats b = before.get(s.key());
            if (seconds <= 0) {
                out.add(s);
                continue;
            }
            long c2u = s.bytesClientToUpstream() - (b == null ? 0 : b.bytesClientToUpstream());
            long u2c = s.bytesUpstreamToClient() - (b == null ? 0 : b.bytesUpstreamToClient());
            long msgs = s.messages() - (b == null ? 0 : b.messages());
            out.add(s.withRates(c2u / seconds, u2c / seconds, msgs / seconds));
        }
        return out;
    }

    /** Emits the finished minute (or, when {@code force}, the minute so far) as one row per protocol. */
    private void rollMinute(TrafficSnapshot snapshot, boolean force) {
        Instant minute = snapshot.time().truncatedTo(ChronoUnit.MINUTES);
        if (minuteStart == null) {
            minuteStart = minute;
        }
        if (!force && minute.equals(minuteStart)) {
            return;
        }
        Map<String, long[]> now = perProtocol(snapshot.listeners());
        for (Map.Entry<String, long[]> e : now.entrySet()) {
            long[] base = minuteBase.getOrDefault(e.getKey(), new long[5]);
            long[] v = e.getValue();
            long[] d = new long[5];
            boolean any = false;
            for (int i = 0; i < 5; i++) {
                d[i] = Math.max(0, v[i] - base[i]);
                any |= d[i] != 0;
            }
            if (any) {
                try {
                    minuteSink.accept(new StatsMinute(minuteStart, e.getKey(), d[0], d[1], d[2], d[3], d[4]));
                } catch (RuntimeException ex) {
                    LOG.warn("Per-minute traffic row could not be recorded: {}", ex.toString());
                }
            }
        }
        minuteBase = now;
        minuteStart = minute;
    }

    private static Map<String, long[]> perProtocol(List<ListenerStats> stats) {
        Map<String, long[]> out = new HashMap<>();
        for (ListenerStats s : stats) {
            long[] v = out.computeIfAbsent(s.protocol(), p -> new long[5]);
            v[0] += s.bytesClientToUpstream();
            v[1] += s.bytesUpstreamToClient();
            v[2] += s.messages();
            v[3] += s.detections();
            v[4] += s.sessions();
        }
        return out;
    }
}
