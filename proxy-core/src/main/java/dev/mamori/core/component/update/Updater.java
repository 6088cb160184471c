package dev.mamori.core.component.update;

import dev.mamori.core.component.ComponentControl;
import dev.mamori.core.component.ComponentKind;
import dev.mamori.core.component.ComponentPayloads;
import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.component.ComponentStatus.State;
import dev.mamori.core.component.ComponentVersion;
import dev.mamori.core.component.EngineSetBuilder;
import dev.mamori.core.component.PayloadCheck;
import dev.mamori.core.component.SelfTest;
import dev.mamori.core.component.bundle.BundleException;
import dev.mamori.core.component.bundle.BundleReader;
import dev.mamori.core.component.bundle.Hashing;
import dev.mamori.core.component.bundle.Manifest;
import dev.mamori.core.component.bundle.TrustedKeys;
import dev.mamori.core.component.bundle.UpdateIndex;
import dev.mamori.core.config.ScanSettings;
import dev.mamori.core.config.UpdateSettings;
import dev.mamori.core.events.EventHub;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.sig.SignatureFormatException;
import dev.mamori.core.store.AuditEvent;
import dev.mamori.core.store.ComponentEvent;
import dev.mamori.core.store.EventStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the components up to date from a signed update source: checks at start, on each component's schedule and on
 * demand, installs a newer version only after every check passed (publisher signature, hashes, component name,
 * version strictly newer than the installed one, minimum engine version, index hash, payload parse and self-test of
 * the fresh engine set), then swaps the whole engine set at once. A failure leaves the running component as it was,
 * sets the status to {@code FAILED} with the reason, and is recorded (event store) and published (live feed).
 *
 * <p>All work runs on one thread ({@code mamori-updater}), so checks, installs and rollbacks never overlap; the
 * status list is readable from any thread.
 */
public final class Updater implements ComponentControl, AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(Updater.class);

    private static final String PINNED_NOTE = "pinned by a rollback until the next explicit update";
    private final UpdateSettings settings;
    /** The local files of {@code scan:}; replaced by a configuration reload ({@link #useScanSettings}). */
    private volatile ScanSettings scan;
    private final InstalledComponents disk;
    private final TrustedKeys keys;
    private final EngineHost host;
    private final SourceLocator locator;
    private final HttpFetcher fetcher;
    private final EventStore store;
    private final EventHub events;
    private final Clock clock;
    private final ScheduledExecutorService worker;
    private final Map<ComponentKind, Entry> entries = new EnumMap<>(ComponentKind.class);
    private final Map<String, ComponentStatus> statuses = new ConcurrentHashMap<>();
    private ComponentPayloads payloads = ComponentPayloads.none();

    /** What the updater knows of one component (touched only on the worker thread). */
    private static final class Entry {
        ComponentVersion current;
        List<Path> files;
        boolean pinned;
        /** Why the component is pinned (shown as the detail while pinned). */
        String pinNote = PINNED_NOTE;
        String available;
        Instant lastCheck;
        String lastResult;
        Instant nextCheck;
        State state = State.UP_TO_DATE;
        String detail;
    }

    private record FetchedIndex(UpdateIndex index, URI base, Instant fetched) {
    }

    public Updater(UpdateSettings settings, ScanSettings scan, Path componentsDir, EngineHost host, SourceLocator locator,
                   HttpFetcher fetcher, EventStore store, EventHub events, Clock clock) {
        this.settings = settings;
        this.scan = scan;
        this.disk = new InstalledComponents(componentsDir);
        this.keys = settings.keys();
        this.host = host;
        this.locator = locator;
        this.fetcher = fetcher;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mamori-updater");
            t.setDaemon(true);
            return t;
        });
        for (ComponentKind k : ComponentKind.values()) {
            entries.put(k, new Entry());
        }
    }

    public InstalledComponents installed() {
        return disk;
    }

    /**
     * Loads the installed current versions (verifying their signatures and hashes again) and puts them into the
     * engine set. Blocking; call once before the proxies accept connections.
     */
    public void loadInstalled() throws IOException {
        runOnWorker(() -> {
            disk.init();
            for (ComponentKind k : ComponentKind.values()) {
                Entry e = entries.get(k);
                Optional<ComponentVersion> cur = disk.current(k);
                if (cur.isEmpty()) {
                    publishStatus(k);
                    continue;
                }
                try {
                    e.files = disk.verify(k, cur.get(), keys, settings.maxBundleSize().bytes());
                    e.current = cur.get();
                    e.pinned = disk.pinned(k).isPresent();
                    e.state = e.pinned ? State.PINNED : State.UP_TO_DATE;
                    e.detail = e.pinned ? e.pinNote : null;
                    payloads = payloads.with(k, e.files);
                    LOG.info("Component {} {} loaded from {}", k.id(), e.current, disk.versionDir(k, e.current));
                } catch (BundleException | IOException ex) {
                    e.state = State.FAILED;
                    e.detail = "installed version " + cur.get() + " failed verification: " + ex.getMessage();
                    LOG.error("Component {}: {}", k.id(), e.detail);
                    record(k, cur.get().toString(), "load", "failed", e.detail);
                }
                publishStatus(k);
            }
            try {
                host.useEngines(EngineSetBuilder.build(scan, payloads, host.engines()));
            } catch (SignatureFormatException ex) {
                throw new IOException(ex.getMessage(), ex);
            }
            return null;
        });
    }

    /**
     * Applies new {@code scan:} files (a configuration reload): the engine set is rebuilt from the installed
     * components plus the new local files and swapped in, on the updater's thread so it cannot interleave with an
     * update. Later updates build on the new files. A reload must come here rather than load the local files alone,
     * which would drop the installed components from the running set. Blocking; throws with the reason and changes
     * nothing when a file cannot be loaded.
     */
    public void useScanSettings(ScanSettings next) throws IOException, SignatureFormatException {
        try {
            submit(() -> {
                host.useEngines(EngineSetBuilder.build(next, payloads, host.engines()));
                scan = next;
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case SignatureFormatException sf -> throw sf;
                case RuntimeException re -> throw re;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    /** Schedules a check of every component now and then at its interval. */
    public void startSchedule() {
        for (ComponentKind k : ComponentKind.values()) {
            long period = settings.scheduleOf(k.id()).toMillis();
            worker.scheduleWithFixedDelay(() -> scheduledCheck(k, period), 0, period, TimeUnit.MILLISECONDS);
        }
    }

    private void scheduledCheck(ComponentKind kind, long periodMillis) {
        Entry e = entries.get(kind);
        try {
            check(kind, false);
        } catch (RuntimeException ex) {
            LOG.error("Update check of {} failed unexpectedly", kind.id(), ex);
        }
        // the next run is one period after this one ends (fixed delay)
        e.nextCheck = clock.instant().plusMillis(periodMillis);
        publishStatus(kind);
    }

    /** A check as the schedule runs it (a pinned component is left alone), without waiting for the schedule; tests. */
    CompletableFuture<ComponentStatus> checkAsScheduled(ComponentKind kind) {
        return submit(() -> check(kind, false));
    }

    @Override
    public List<ComponentStatus> list() {
        List<ComponentStatus> out = new ArrayList<>();
        out.add(new ComponentStatus(ComponentKind.ENGINE_NAME, ComponentKind.ENGINE_VERSION.toString(), null, null, null,
                null, null, State.UP_TO_DATE, "part of the program: updated with a new Mamori release"));
        for (ComponentKind k : ComponentKind.values()) {
            ComponentStatus s = statuses.get(k.id());
            out.add(s != null ? s : new ComponentStatus(k.id(), "none", null, null, null, null,
                    settings.scheduleOf(k.id()), State.UP_TO_DATE, null));
        }
        return out;
    }

    @Override
    public CompletionStage<ComponentStatus> updateNow(String component, String actor) {
        Optional<ComponentKind> kind = ComponentKind.of(component);
        if (kind.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(notUpdatable(component)));
        }
        return submit(() -> {
            ComponentKind k = kind.get();
            Entry e = entries.get(k);
            if (e.pinned) {
                disk.unpin(k);
                e.pinned = false;
                e.pinNote = PINNED_NOTE;
            }
            ComponentStatus s = check(k, true);
            audit(actor, "component.update", k.id(), s.state().word() + (s.detail() == null ? "" : ": " + s.detail()),
                    s.state() == State.FAILED ? "failed" : "ok");
            return s;
        });
    }

    @Override
    public CompletionStage<ComponentStatus> rollback(String component, String actor) {
        Optional<ComponentKind> kind = ComponentKind.of(component);
        if (kind.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(notUpdatable(component)));
        }
        return submit(() -> {
            ComponentKind k = kind.get();
            Entry e = entries.get(k);
            Optional<ComponentVersion> previous = e.current == null ? Optional.empty()
                    : disk.versions(k).stream().filter(v -> v.compareTo(e.current) < 0).findFirst();
            if (previous.isEmpty()) {
                String why = "no earlier version of " + k.id() + " is kept" + (e.current == null ? "" : " (current " + e.current + ")");
                audit(actor, "component.rollback", k.id(), why, "failed");
                throw new IllegalStateException(why);
            }
            ComponentVersion from = e.current;
            ComponentVersion to = previous.get();
            try {
                List<Path> files = disk.verify(k, to, keys, settings.maxBundleSize().bytes());
                List<ContentEngine> candidate = candidate(k, files, false, null);
                disk.setCurrent(k, to);
                disk.pin(k, to);
                swap(k, to, files, candidate);
                e.pinned = true;
                e.state = State.PINNED;
                e.pinNote = "rolled back from " + from + " by " + actor + "; pinned until the next explicit update";
                e.detail = e.pinNote;
                e.lastResult = "rolled back to " + to;
                record(k, to.toString(), "rollback", "ok", "from " + from + " by " + actor);
                audit(actor, "component.rollback", k.id(), "from " + from + " to " + to, "ok");
                LOG.info("Component {} rolled back from {} to {} by {}", k.id(), from, to, actor);
            } catch (BundleException | IOException | SelfTest.SelfTestException | SignatureFormatException ex) {
                e.state = State.FAILED;
                e.detail = "rollback to " + to + " failed: " + ex.getMessage();
                record(k, to.toString(), "rollback", "failed", e.detail);
                audit(actor, "component.rollback", k.id(), e.detail, "failed");
            }
            return publishStatus(k);
        });
    }

    private static String notUpdatable(String component) {
        return ComponentKind.ENGINE_NAME.equals(component)
                ? "the scan engine is part of the program and is updated with a new Mamori release, not at run time"
                : "unknown component '" + component + "' (allowed: " + String.join(", ", ComponentKind.ids()) + ")";
    }

    /** Fetches the index (or reuses a fresh one) and installs a newer version of {@code kind} if there is one. */
    private ComponentStatus check(ComponentKind kind, boolean explicit) {
        Entry e = entries.get(kind);
        e.lastCheck = clock.instant();
        UpdateIndex.Entry offered;
        FetchedIndex fetched;
        try {
            fetched = index();
            Optional<UpdateIndex.Entry> o = fetched.index().entry(kind.id());
            if (o.isEmpty()) {
                e.available = null;
                e.lastResult = "the source offers no " + kind.id();
                settle(e);
                return publishStatus(kind);
            }
            offered = o.get();
        } catch (BundleException | FetchException | IOException ex) {
            return fail(kind, null, "check", "index refused: " + ex.getMessage());
        }
        e.available = offered.version();
        ComponentVersion v = ComponentVersion.parse(offered.version());
        if (e.current != null && !v.isNewerThan(e.current)) {
            // an older version than installed is never installed (a rollback attack or a stale mirror)
            e.lastResult = v.equals(e.current) ? "up to date"
                    : "the source offers " + v + ", older than the installed " + e.current + ": ignored";
            settle(e);
            return publishStatus(kind);
        }
        if (e.pinned && !explicit) {
            e.state = State.PINNED;
            e.lastResult = "update " + v + " available; pinned, not installed";
            return publishStatus(kind);
        }
        return install(kind, offered, fetched.base());
    }

    /** After a successful check that installs nothing: pinned stays pinned, anything else is up to date. */
    private static void settle(Entry e) {
        e.state = e.pinned ? State.PINNED : State.UP_TO_DATE;
        e.detail = e.pinned ? e.pinNote : null;
    }

    private FetchedIndex index() throws BundleException, FetchException, IOException {
        Instant now = clock.instant();
        List<URI> candidates = locator.candidates();
        if (candidates.isEmpty()) {
            throw new FetchException("no update source: no relay answered and no fallbackSource is configured");
        }
        Exception last = null;
        for (URI base : candidates) {
            try {
                return fetchIndex(base, now);
            } catch (FetchException | BundleException ex) {
                // a relay that is down or serves a bad index: try the next candidate (the fallback last)
                LOG.warn("Update source {}: {}", base, ex.getMessage());
                last = ex;
            }
        }
        if (last instanceof BundleException b) {
            throw b;
        }
        throw (FetchException) last;
    }

    private FetchedIndex fetchIndex(URI base, Instant now) throws BundleException, FetchException, IOException {
        Path staging = disk.staging();
        byte[] json = fetcher.get(base.resolve(UpdateIndex.FILE_NAME), 1 << 20, staging.resolve("index.json.part"));
        byte[] sig = fetcher.get(base.resolve(UpdateIndex.SIGNATURE_NAME), 4096, staging.resolve("index.sig.part"));
        UpdateIndex index = UpdateIndex.verify(json, sig, keys);
        Optional<Instant> seen = disk.lastIndexIssued();
        if (seen.isPresent() && index.issuedAt().isBefore(seen.get())) {
            throw new BundleException("replayed index: issued " + index.issued() + ", older than the last accepted ("
                    + seen.get() + ")");
        }
        disk.saveIndex(json, sig, index.issuedAt());
        return new FetchedIndex(index, base, now);
    }

    private ComponentStatus install(ComponentKind kind, UpdateIndex.Entry offered, URI base) {
        Entry e = entries.get(kind);
        ComponentVersion v = ComponentVersion.parse(offered.version());
        e.state = State.UPDATING;
        e.detail = "installing " + v;
        publishStatus(kind);
        Path staging = disk.staging();
        boolean moved = false;
        Path part = staging.resolve(offered.file() + ".part");
        Path unpacked = staging.resolve(offered.file() + ".payload");
        try {
            InstalledComponents.deleteTree(unpacked);
            long max = settings.maxBundleSize().bytes();
            if (offered.size() > max) {
                throw new BundleException("too large: the index says " + offered.size() + " bytes (updates.maxBundleSize is " + max + ")");
            }
            // The limit is the configured maximum, not the index's size: the bundle's own checks come first, so a
            // tampered bundle is refused for what is wrong with it (signature, hash, extra file...).
            long got = fetcher.download(base.resolve(offered.file()), max, part);
            Manifest m;
            try {
                m = BundleReader.read(part, keys, max, unpacked);
            } catch (BundleException ex) {
                // an unreadable archive shorter than announced was cut off on the way; anything else is what it says
                if (got < offered.size() && ex.getMessage().startsWith("wrong format")) {
                    throw new BundleException("truncated: received " + got + " of " + offered.size() + " bytes ("
                            + ex.getMessage() + ")", ex);
                }
                throw ex;
            }
            if (!m.component().equals(kind.id())) {
                throw new BundleException("wrong component: the bundle holds " + m.component() + ", expected " + kind.id());
            }
            ComponentVersion mv = m.parsedVersion();
            if (!mv.equals(v)) {
                throw new BundleException("version mismatch: the bundle holds " + mv + ", the index says " + v);
            }
            if (e.current != null && !mv.isNewerThan(e.current)) {
                throw new BundleException("rollback refused: version " + mv + " is not newer than the installed " + e.current);
            }
            if (m.parsedMinEngineVersion().isNewerThan(ComponentKind.ENGINE_VERSION)) {
                throw new BundleException("needs engine version " + m.minEngineVersion() + " (this engine is "
                        + ComponentKind.ENGINE_VERSION + ")");
            }
            if (got != offered.size()) {
                throw new BundleException("index mismatch: the bundle is " + got + " bytes, the index lists " + offered.size());
            }
            String sha = Hashing.sha256Hex(part);
            if (!sha.equals(offered.sha256())) {
                throw new BundleException("index mismatch: the bundle's SHA-256 " + sha + " is not the one the index lists");
            }
            List<Path> stagedFiles = m.files().stream().map(f -> unpacked.resolve(f.name())).toList();
            PayloadCheck.check(kind, stagedFiles, staging.resolve("selftest"));
            disk.install(kind, v, part, offered.file(), unpacked);
            moved = true;
            List<Path> files = m.files().stream().map(f -> disk.payloadDir(kind, v).resolve(f.name())).toList();
            List<ContentEngine> candidate = candidate(kind, files, true,
                    kind == ComponentKind.URL_BLOCKLIST ? PayloadCheck.firstEntry(files.getFirst()).orElse(null) : null);
            ComponentVersion from = e.current;
            disk.setCurrent(kind, v);
            swap(kind, v, files, candidate);
            e.state = State.UP_TO_DATE;
            e.detail = null;
            e.lastResult = "installed " + v;
            record(kind, v.toString(), from == null ? "install" : "update", "ok", from == null ? null : "from " + from);
            LOG.info("Component {} updated {} -> {}", kind.id(), from == null ? "none" : from, v);
            try {
                List<ComponentVersion> removed = disk.prune(kind, settings.keep());
                if (!removed.isEmpty()) {
                    LOG.info("Component {}: removed old versions {}", kind.id(), removed);
                }
            } catch (IOException ex) {
                LOG.warn("Component {}: old versions could not be removed: {}", kind.id(), ex.toString());
            }
            return publishStatus(kind);
        } catch (BundleException | FetchException | IOException | SelfTest.SelfTestException | SignatureFormatException
                 | RuntimeException ex) {
            if (moved && !v.equals(e.current)) {
                try {
                    InstalledComponents.deleteTree(disk.versionDir(kind, v)); // never kept: it failed its self-test
                } catch (IOException cleanup) {
                    LOG.warn("Component {}: cannot remove the refused version {}: {}", kind.id(), v, cleanup.toString());
                }
            }
            return fail(kind, v.toString(), "update", reason(ex));
        } finally {
            try {
                Files.deleteIfExists(part);
                InstalledComponents.deleteTree(unpacked);
            } catch (IOException ignored) {
                // staging is emptied at the next start
            }
        }
    }

    private static String reason(Exception ex) {
        String m = ex.getMessage();
        if (ex instanceof RuntimeException) {
            return "internal error: " + ex;
        }
        if (ex instanceof IOException || ex instanceof SignatureFormatException) {
            return "cannot load: " + m;
        }
        return m;
    }

    private ComponentStatus fail(ComponentKind kind, String version, String action, String reason) {
        Entry e = entries.get(kind);
        e.state = State.FAILED;
        e.detail = reason;
        e.lastResult = "failed: " + reason;
        LOG.warn("Component {}: {} failed: {}", kind.id(), action, reason);
        record(kind, version, action, "failed", reason);
        return publishStatus(kind);
    }

    /** The engine set with {@code kind} replaced by {@code files}, built fresh and self-tested. */
    private List<ContentEngine> candidate(ComponentKind kind, List<Path> files, boolean expectEicar, String blockedUrl)
            throws IOException, SignatureFormatException, SelfTest.SelfTestException {
        List<ContentEngine> set = EngineSetBuilder.build(scan, payloads.with(kind, files), host.engines());
        new SelfTest(disk.staging().resolve("selftest")).run(set, expectEicar, blockedUrl);
        return set;
    }

    private void swap(ComponentKind kind, ComponentVersion v, List<Path> files, List<ContentEngine> candidate) {
        host.useEngines(candidate);
        payloads = payloads.with(kind, files);
        Entry e = entries.get(kind);
        e.current = v;
        e.files = files;
    }

    private ComponentStatus publishStatus(ComponentKind kind) {
        Entry e = entries.get(kind);
        ComponentStatus s = new ComponentStatus(kind.id(), e.current == null ? "none" : e.current.toString(),
                e.available, e.lastCheck, e.lastResult, e.nextCheck, settings.scheduleOf(kind.id()),
                e.state == State.UP_TO_DATE && e.available != null && e.current != null
                        && ComponentVersion.parse(e.available).isNewerThan(e.current) ? State.UPDATE_AVAILABLE : e.state,
                e.detail);
        ComponentStatus before = statuses.put(kind.id(), s);
        if (events != null && (before == null || before.state() != s.state() || !before.currentVersion().equals(s.currentVersion())
                || !java.util.Objects.equals(before.detail(), s.detail()))) {
            events.publish(new MamoriEvent.ComponentChanged(clock.instant(), kind.id(), s.currentVersion(), s.state().word(), s.detail()));
        }
        return s;
    }

    private void record(ComponentKind kind, String version, String action, String result, String detail) {
        if (store != null) {
            store.record(new ComponentEvent(clock.instant(), kind.id(), version, action, result, detail));
        }
    }

    private void audit(String actor, String action, String target, String detail, String result) {
        if (store != null) {
            store.record(new AuditEvent(clock.instant(), actor, action, target, detail, result));
        }
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private <T> CompletableFuture<T> submit(Work<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                try {
                    f.complete(work.run());
                } catch (Exception ex) {
                    f.completeExceptionally(ex);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            f.completeExceptionally(new IllegalStateException("the updater is stopped"));
        }
        return f;
    }

    private <T> T runOnWorker(Work<T> work) throws IOException {
        try {
            return submit(work).get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException ex) {
            if (ex.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(ex.getCause());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        locator.close();
    }
}
