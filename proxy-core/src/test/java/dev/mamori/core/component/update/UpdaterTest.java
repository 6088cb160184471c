package dev.mamori.core.component.update;

import dev.mamori.core.component.ComponentKind;
import dev.mamori.core.component.ComponentPayloads;
import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.component.ComponentStatus.State;
import dev.mamori.core.component.EngineSetBuilder;
import dev.mamori.core.component.Publisher;
import dev.mamori.core.component.Scans;
import dev.mamori.core.component.bundle.Ed25519Keys;
import dev.mamori.core.component.bundle.Manifest;
import dev.mamori.core.component.bundle.UpdateIndex;
import dev.mamori.core.config.ScanSettings;
import dev.mamori.core.config.UpdateSettings;
import dev.mamori.core.events.EventHub;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.scan.EngineScanService;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.store.AuditEvent;
import dev.mamori.core.store.ComponentEvent;
import dev.mamori.core.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The updater against an HTTP update server started in the test: good updates, every kind of bad bundle or index
 * (each refused with its reason, the running set untouched), rollback and pinning, restart.
 */
class UpdaterTest {
    private static final ComponentKind VP = ComponentKind.VIRUS_PATTERNS;

    @TempDir
    Path tmp;
    Publisher publisher;
    UpdateServer server;
    EventStore store;
    EventHub hub;
    final List<MamoriEvent.ComponentChanged> changes = new CopyOnWriteArrayList<>();
    final AtomicReference<List<ContentEngine>> engines = new AtomicReference<>();
    final ExecutorService scanExec = Executors.newFixedThreadPool(2);
    final List<Updater> updaters = new ArrayList<>();
    EngineHost host;

    @BeforeEach
    void setUp() throws Exception {
        publisher = new Publisher(tmp.resolve("site"));
        server = new UpdateServer(publisher.dir);
        store = EventStore.open(tmp.resolve("data"));
        hub = new EventHub();
        hub.subscribe(e -> {
            if (e instanceof MamoriEvent.ComponentChanged c) {
                changes.add(c);
            }
        });
        engines.set(EngineSetBuilder.build(ScanSettings.defaults(), ComponentPayloads.none(), null));
        host = new EngineHost() {
            @Override
            public List<ContentEngine> engines() {
                return engines.get();
            }

            @Override
            public void useEngines(List<ContentEngine> e) {
                engines.set(List.copyOf(e));
            }
        };
    }

    @AfterEach
    void tearDown() {
        updaters.forEach(Updater::close);
        server.close();
        scanExec.shutdownNow();
        hub.close();
        store.close();
    }

    private UpdateSettings settings(List<String> keys, Duration timeout, int keep) {
        return new UpdateSettings(server.url(), null, null, null, keep, keys, null, null, timeout, null);
    }

    private Updater updater() throws Exception {
        return updater(settings(List.of(publisher.trustedKey()), Duration.ofSeconds(20), 3));
    }

    private Updater updater(UpdateSettings s) throws Exception {
        ExecutorService httpExec = Executors.newCachedThreadPool();
        Updater u = new Updater(s, ScanSettings.defaults(), tmp.resolve("data/components"), host,
                SourceLocator.fixed(s.source()), new HttpFetcher(null, List.of(), s.timeout(), httpExec), store, hub,
                Clock.systemUTC());
        updaters.add(u);
        u.loadInstalled();
        return u;
    }

    private ComponentStatus update(Updater u) throws Exception {
        return u.updateNow(VP.id(), "alice").toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    private List<String> detect(String body) throws Exception {
        EngineScanService svc = Scans.service(tmp.resolve("scan-tmp"), engines::get, scanExec);
        return Scans.names(Scans.scan(svc, Scans.message(body)));
    }

    /** Installs 1.0 so every refusal test can show that the running component stays. */
    private Updater withVersion1() throws Exception {
        publisher.bundle(VP, "1.0");
        publisher.index();
        Updater u = updater();
        ComponentStatus s = update(u);
        assertThat(s.state()).isEqualTo(State.UP_TO_DATE);
        assertThat(s.currentVersion()).isEqualTo("1.0");
        return u;
    }

    private void assertRefused(Updater u, List<ContentEngine> before, String reason) throws Exception {
        ComponentStatus s = update(u);
        assertThat(s.state()).isEqualTo(State.FAILED);
        assertThat(s.detail()).contains(reason);
        assertThat(s.currentVersion()).isEqualTo("1.0");
        assertThat(engines.get()).isSameAs(before);
        assertThat(detect(Publisher.marker("1.0"))).contains("Mamori.Test.Marker");
        assertThat(u.list()).filteredOn(c -> c.name().equals(VP.id())).singleElement()
                .satisfies(c -> assertThat(c.state()).isEqualTo(State.FAILED));
        try (var staged = Files.list(tmp.resolve("data/components/staging"))) {
            assertThat(staged.filter(p -> !p.getFileName().toString().equals("selftest")).toList())
                    .as("staging is cleaned").isEmpty();
        }
        store.flush();
        assertThat(store.queries().componentHistory(VP.id(), 10)).first()
                .satisfies(e -> {
                    assertThat(e.result()).isEqualTo("failed");
                    assertThat(e.detail()).contains(reason);
                });
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.state()).isEqualTo("failed");
            assertThat(c.detail()).contains(reason);
        });
    }

    @Test
    void goodUpdateIsInstalledAndUsedByNewScans() throws Exception {
        assertThat(detect(Publisher.marker("1.0"))).isEmpty();
        Updater u = withVersion1();
        assertThat(detect(Publisher.marker("1.0"))).containsExactly("Mamori.Test.Marker");
        assertThat(Files.readString(tmp.resolve("data/components/virus-patterns/current")).strip()).isEqualTo("1.0");
        assertThat(tmp.resolve("data/components/virus-patterns/1.0/virus-patterns-1.0.bundle")).isRegularFile();
        assertThat(tmp.resolve("data/components/virus-patterns/1.0/payload/test.ndb")).isRegularFile();

        publisher.bundle(VP, "2.0");
        publisher.index();
        ComponentStatus s = update(u);
        assertThat(s.currentVersion()).isEqualTo("2.0");
        assertThat(s.availableVersion()).isEqualTo("2.0");
        assertThat(s.lastCheck()).isNotNull();
        assertThat(detect(Publisher.marker("2.0"))).containsExactly("Mamori.Test.Marker");
        assertThat(detect(Publisher.marker("1.0"))).isEmpty();
        store.flush();
        assertThat(store.queries().componentHistory(VP.id(), 10)).extracting(ComponentEvent::action)
                .contains("install", "update");
        assertThat(store.queries().auditLog(null, null, "alice", 10)).extracting(AuditEvent::action)
                .contains("component.update");
        assertThat(changes).anySatisfy(c -> assertThat(c.state()).isEqualTo("updating"));

        // nothing newer: stays, up to date
        ComponentStatus again = update(u);
        assertThat(again.state()).isEqualTo(State.UP_TO_DATE);
        assertThat(again.lastResult()).isEqualTo("up to date");
    }

    @Test
    void payloadByteFlippedIsRefused() throws Exception {
        Updater u = withVersion1();
        List<ContentEngine> before = engines.get();
        Path b = publisher.bundle(VP, "2.0");
        publisher.index();
        Publisher.rezip(b, Map.of("test.ndb", Publisher::flipLastByte), Map.of());
        assertRefused(u, before, "hash mismatch: test.ndb");
    }

    @Test
    void editedManifestIsRefused() throws Exception {
        Updater u = withVersion1();
        List<ContentEngine> before = engines.get();
        Path b = publisher.bundle(VP, "2.0");
        publisher.index();
        Publisher.rezip(b, Map.of(Manifest.FILE_NAME, m -> new String(m, StandardCharsets.UTF_8)
                .replace("\"minEngineVersion\" : \"1.0\"", "\"minEngineVersion\" : \"0.9\"").getBytes(StandardCharsets.UTF_8)), Map.of());
        assertRefused(u, before, "bad signature: manifest.json does not verify");
    }

    @Test
    void extraUnsignedFileIsRefused() throws Exception {
        Updater u = withVersion1();
        List<ContentEngine> before = engines.get();
        Path b = publisher.bundle(VP, "2.0");
        publisher.index();
        Publisher.rezip(b, Map.of(), Map.of("extra.ndb", "Evil:0:*:41414141\n".getBytes(StandardCharsets.US_ASCII)));
        assertRefused(u, before, "extra file: extra.ndb");
    }

    @Test
    void bundleSignedByAnUntrustedKeyIsRefused() throws Exception {
        Updater u = withVersion1();
        List<ContentEngine> before = engines.get();
        var other = Ed25519Keys.generate();
        publisher.bundle(VP, "2.0", Publisher.payload(tmp, VP, "2.0"), other);
        // the index is the real publisher's: it lists what the mirror serves, as a compromised build machine would
        publisher.indexOf(List.of(entry("2.0")));
        assertRefused(u, before, "untrusted key: manifest.json is signed by key " + Ed25519Keys.keyId(other.getPublic()));
    }

    @Test
    void indexSignedByAnUntrustedKeyIsRefused() throws Exception {
        Updater u = withVersion1();
        List<ContentEngine> before = engines.get();
        publisher.bundle(VP, "2.0");
        var other = Ed25519Keys.generate();
        byte[] json = new UpdateIndex(1, "2027-01-01T00:00:00Z", List.of(entry("2.0"))).toJson();
        Files.write(publisher.dir.resolve("index.json"), json);
        Files.write(publisher.dir.resolve("index.sig"),
                dev.mamori.core.component.bundle.DetachedSignature.sign(json, other.getPrivate(), other.getPublic()).encode());
        assertRefused(u, before, "index refused: untrusted key: index.json is signed by key");
    }

    @Test
    void truncatedBundleIsRefused() throws Exception {
        Updater u = withVersion1();
        List<ContentEngine> before = engines.get();
        Path b = publisher.bundle(VP, "2.0");
        publisher.index();
        byte[] all = Files.readAllBytes(b);
        Files.write(b, Arrays.copyOf(all, all.length / 2));
        assertRefused(u, before, "truncated: received " + all.length / 2 + " of " + all.length + " bytes");
    }

    @Test
    void replayedOldVersionIsRefused() throws Exception {
        Updater u = withVersion1();
        publisher.bundle(VP, "2.0");
        publisher.index();
        assertThat(update(u).currentVersion()).isEqualTo("2.0");
        List<ContentEngine> before = engines.get();

        // a fresh, validly signed index that offers the older 1.0 again: never installed
        Files.delete(publisher.dir.resolve("virus-patterns-2.0.bundle"));
        publisher.index();
        ComponentStatus s = update(u);
        assertThat(s.currentVersion()).isEqualTo("2.0");
        assertThat(s.lastResult()).contains("offers 1.0, older than the installed 2.0");
        assertThat(engines.get()).isSameAs(before);

        // the old bundle served under a newer version's name: the bundle's signed version decides
        Path old = publisher.dir.resolve("virus-patterns-1.0.bundle");
        Files.copy(old, publisher.dir.resolve("virus-patterns-3.0.bundle"));
        publisher.indexOf(List.of(new UpdateIndex.Entry(VP.id(), "3.0", "virus-patterns-3.0.bundle", Files.size(old),
                dev.mamori.core.component.bundle.Hashing.sha256Hex(old))));
        ComponentStatus replay = update(u);
        assertThat(replay.state()).isEqualTo(State.FAILED);
        assertThat(replay.detail()).contains("version mismatch: the bundle holds 1.0, the index says 3.0");
        assertThat(replay.currentVersion()).isEqualTo("2.0");
        assertThat(engines.get()).isSameAs(before);
    }

    @Test
    void replayedOldIndexIsRefused() throws Exception {
        Updater u = withVersion1();
        List<ContentEngine> before = engines.get();
        byte[] oldJson = Files.readAllBytes(publisher.dir.resolve("index.json"));
        byte[] oldSig = Files.readAllBytes(publisher.dir.resolve("index.sig"));
        publisher.bundle(VP, "2.0");
        publisher.index();
        update(u); // sees the newer index (2.0 installed)
        before = engines.get();
        Files.write(publisher.dir.resolve("index.json"), oldJson);
        Files.write(publisher.dir.resolve("index.sig"), oldSig);
        ComponentStatus s = update(u);
        assertThat(s.state()).isEqualTo(State.FAILED);
        assertThat(s.detail()).contains("replayed index: issued");
        assertThat(s.currentVersion()).isEqualTo("2.0");
        assertThat(engines.get()).isSameAs(before);
    }

    @Test
    void anIndexNamingAnotherFileIsRefused() throws Exception {
        Updater u = withVersion1();
        List<ContentEngine> before = engines.get();
        Path b = publisher.bundle(VP, "2.0");
        Files.move(b, publisher.dir.resolve("latest.bundle"));
        Path moved = publisher.dir.resolve("latest.bundle");
        publisher.indexOf(List.of(new UpdateIndex.Entry(VP.id(), "2.0", "latest.bundle", Files.size(moved),
                dev.mamori.core.component.bundle.Hashing.sha256Hex(moved))));
        assertRefused(u, before, "index refused: wrong format: index.json entry for virus-patterns 2.0 names file 'latest.bundle'");
    }

    @Test
    void aReloadOfTheLocalFilesKeepsTheInstalledComponents() throws Exception {
        Updater u = withVersion1();
        Path local = tmp.resolve("local.ndb");
        Files.writeString(local, "Local.Marker:0:*:" + java.util.HexFormat.of().formatHex("local-marker-qqz".getBytes()) + "\n");
        u.useScanSettings(new ScanSettings(null, null, List.of(local), null, null, null));
        assertThat(detect(Publisher.marker("1.0"))).containsExactly("Mamori.Test.Marker");
        assertThat(detect("local-marker-qqz")).containsExactly("Local.Marker");

        // the next update builds on the reloaded files
        publisher.bundle(VP, "2.0");
        publisher.index();
        assertThat(update(u).currentVersion()).isEqualTo("2.0");
        assertThat(detect("local-marker-qqz")).containsExactly("Local.Marker");

        // a file that does not load changes nothing
        Files.writeString(local, "Broken:0:*:zz\n");
        List<ContentEngine> before = engines.get();
        assertThatThrownBy(() -> u.useScanSettings(new ScanSettings(null, null, List.of(local), null, null, null)))
                .hasMessageContaining("local.ndb");
        assertThat(engines.get()).isSameAs(before);
    }

    @Test
    void keyRotationAcceptsEveryTrustedKey() throws Exception {
        var next = Ed25519Keys.generate();
        Updater u = updater(settings(List.of(publisher.trustedKey(), Ed25519Keys.configValue(next.getPublic())),
                Duration.ofSeconds(20), 3));
        publisher.bundle(VP, "1.0");
        publisher.index();
        assertThat(update(u).currentVersion()).isEqualTo("1.0");
        publisher.bundle(VP, "2.0", Publisher.payload(tmp, VP, "2.0"), next);
        publisher.indexOf(List.of(entry("2.0")));
        ComponentStatus s = update(u);
        assertThat(s.state()).isEqualTo(State.UP_TO_DATE);
        assertThat(s.currentVersion()).isEqualTo("2.0");
    }

    @Test
    void slowBundleTimesOut() throws Exception {
        publisher.bundle(VP, "1.0");
        publisher.index();
        Updater u = updater(settings(List.of(publisher.trustedKey()), Duration.ofSeconds(3), 3));
        assertThat(update(u).currentVersion()).isEqualTo("1.0");
        List<ContentEngine> before = engines.get();
        publisher.bundle(VP, "2.0");
        publisher.index();
        server.slow("virus-patterns-2.0.bundle");
        assertRefused(u, before, "timed out: " + server.url() + "virus-patterns-2.0.bundle did not arrive within 3s");
    }

    @Test
    void patternsThatFailTheSelfTestAreRefused() throws Exception {
        Updater u = withVersion1();
        List<ContentEngine> before = engines.get();
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        // matches "Regards" in the clean sample: a pattern set that would flag ordinary mail
        Files.writeString(bad.resolve("bad.ndb"), "Too.Broad:0:*:" + java.util.HexFormat.of().formatHex("Regards".getBytes()) + "\n");
        publisher.bundle(VP, "2.0", bad, publisher.key);
        publisher.index();
        assertRefused(u, before, "self-test failed: the clean sample is detected as [Too.Broad]");
    }

    @Test
    void newerEngineRequiredIsRefused() throws Exception {
        Updater u = withVersion1();
        List<ContentEngine> before = engines.get();
        List<Path> files = List.of(Publisher.payload(tmp, VP, "2.0").resolve("test.ndb"));
        dev.mamori.core.component.bundle.BundleWriter.write(VP, dev.mamori.core.component.ComponentVersion.parse("2.0"),
                dev.mamori.core.component.ComponentVersion.parse("7.0"), java.time.Instant.now(), files,
                publisher.key.getPrivate(), publisher.key.getPublic(), publisher.dir);
        publisher.index();
        assertRefused(u, before, "needs engine version 7.0 (this engine is 1.0)");
    }

    @Test
    void rollbackPinsUntilTheNextExplicitUpdate() throws Exception {
        Updater u = withVersion1();
        publisher.bundle(VP, "2.0");
        publisher.index();
        assertThat(update(u).currentVersion()).isEqualTo("2.0");

        ComponentStatus rolled = u.rollback(VP.id(), "bob").toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(rolled.currentVersion()).isEqualTo("1.0");
        assertThat(rolled.state()).isEqualTo(State.PINNED);
        assertThat(detect(Publisher.marker("1.0"))).containsExactly("Mamori.Test.Marker");
        assertThat(tmp.resolve("data/components/virus-patterns/pinned")).hasContent("1.0");
        store.flush();
        assertThat(store.queries().auditLog(null, null, "bob", 10)).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("component.rollback");
            assertThat(a.detail()).isEqualTo("from 2.0 to 1.0");
            assertThat(a.result()).isEqualTo("ok");
        });

        // nothing earlier than 1.0 is kept
        assertThatThrownBy(() -> u.rollback(VP.id(), "bob").toCompletableFuture().get(60, TimeUnit.SECONDS))
                .hasMessageContaining("no earlier version of virus-patterns is kept");

        // a scheduled check sees 3.0 but leaves the pinned component alone
        publisher.bundle(VP, "3.0");
        publisher.index();
        ComponentStatus scheduled = u.checkAsScheduled(VP).get(60, TimeUnit.SECONDS);
        assertThat(scheduled.state()).isEqualTo(State.PINNED);
        assertThat(scheduled.currentVersion()).isEqualTo("1.0");
        assertThat(scheduled.availableVersion()).isEqualTo("3.0");
        assertThat(scheduled.detail()).isEqualTo("rolled back from 2.0 by bob; pinned until the next explicit update");
        assertThat(scheduled.lastResult()).isEqualTo("update 3.0 available; pinned, not installed");

        // an explicit update unpins and installs the newest
        ComponentStatus updated = update(u);
        assertThat(updated.state()).isEqualTo(State.UP_TO_DATE);
        assertThat(updated.currentVersion()).isEqualTo("3.0");
        assertThat(tmp.resolve("data/components/virus-patterns/pinned")).doesNotExist();
    }

    @Test
    void keepsTheNewestVersionsOnly() throws Exception {
        Updater u = updater(settings(List.of(publisher.trustedKey()), Duration.ofSeconds(20), 2));
        for (String v : List.of("1.0", "1.1", "1.2", "1.10")) {
            publisher.bundle(VP, v);
            publisher.index();
            assertThat(update(u).currentVersion()).isEqualTo(v);
        }
        assertThat(u.installed().versions(VP)).extracting(Object::toString).containsExactly("1.10", "1.2");
    }

    @Test
    void restartLoadsTheCurrentVersionAndVerifiesIt() throws Exception {
        Updater u = withVersion1();
        publisher.bundle(VP, "2.0");
        publisher.index();
        update(u);
        u.close();
        updaters.remove(u);

        engines.set(EngineSetBuilder.build(ScanSettings.defaults(), ComponentPayloads.none(), null));
        Updater restarted = updater();
        assertThat(restarted.list()).filteredOn(c -> c.name().equals(VP.id())).singleElement()
                .satisfies(c -> assertThat(c.currentVersion()).isEqualTo("2.0"));
        assertThat(detect(Publisher.marker("2.0"))).containsExactly("Mamori.Test.Marker");
        restarted.close();
        updaters.remove(restarted);

        // an installed file changed on disk: not loaded, the status says why
        Files.writeString(tmp.resolve("data/components/virus-patterns/2.0/payload/test.ndb"), "Changed:0:*:41424344\n");
        engines.set(EngineSetBuilder.build(ScanSettings.defaults(), ComponentPayloads.none(), null));
        Updater again = updater();
        assertThat(again.list()).filteredOn(c -> c.name().equals(VP.id())).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(State.FAILED);
            assertThat(c.detail()).contains("installed version 2.0 failed verification: hash mismatch");
        });
        assertThat(detect(Publisher.marker("2.0"))).isEmpty();
    }

    @Test
    void urlListAndRulesComponents() throws Exception {
        publisher.bundle(ComponentKind.URL_BLOCKLIST, "2026.1.1.1");
        publisher.bundle(ComponentKind.HEURISTIC_RULES, "1.0");
        publisher.index();
        Updater u = updater();
        assertThat(u.updateNow("url-blocklist", "alice").toCompletableFuture().get(60, TimeUnit.SECONDS).currentVersion())
                .isEqualTo("2026.1.1.1");
        assertThat(u.updateNow("heuristic-rules", "alice").toCompletableFuture().get(60, TimeUnit.SECONDS).currentVersion())
                .isEqualTo("1.0");
        assertThat(detect("see http://evil-2026-1-1-1.example/payload now")).contains("Url.Blocklisted");
        assertThat(u.list()).extracting(ComponentStatus::name)
                .containsExactly("scan-engine", "virus-patterns", "url-blocklist", "heuristic-rules");
        assertThatThrownBy(() -> u.updateNow("scan-engine", "alice").toCompletableFuture().get())
                .hasMessageContaining("updated with a new Mamori release");
    }

    private UpdateIndex.Entry entry(String version) throws Exception {
        Path b = publisher.dir.resolve("virus-patterns-" + version + ".bundle");
        return new UpdateIndex.Entry(VP.id(), version, b.getFileName().toString(), Files.size(b),
                dev.mamori.core.component.bundle.Hashing.sha256Hex(b));
    }
}
