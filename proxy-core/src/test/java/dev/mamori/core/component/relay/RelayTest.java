package dev.mamori.core.component.relay;

import dev.mamori.core.component.ComponentKind;
import dev.mamori.core.component.ComponentPayloads;
import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.component.ComponentStatus.State;
import dev.mamori.core.component.EngineSetBuilder;
import dev.mamori.core.component.Publisher;
import dev.mamori.core.component.update.EngineHost;
import dev.mamori.core.component.update.HttpFetcher;
import dev.mamori.core.component.update.SourceLocator;
import dev.mamori.core.component.update.UpdateServer;
import dev.mamori.core.component.update.Updater;
import dev.mamori.core.config.ScanSettings;
import dev.mamori.core.config.UpdateSettings;
import dev.mamori.core.scan.engine.ContentEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LAN relay on loopback: one instance updates from the publisher's server and relays; another finds it with mDNS
 * (JmDNS on 127.0.0.1) and updates from it; a relay serving a modified bundle is refused; without a relay the
 * fallback source is used.
 *
 * <p>Multicast on loopback: {@code lo} in this container has no MULTICAST flag, yet sockets that set
 * IP_MULTICAST_IF to 127.0.0.1 (as JmDNS bound to the loopback address does) deliver group traffic to members on the
 * same host through IP_MULTICAST_LOOP, so discovery works for real here. It takes a few seconds: the relay probes
 * and announces its name first (RFC 6762), so the test polls the locator until the relay appears.
 */
class RelayTest {
    private static final ComponentKind VP = ComponentKind.VIRUS_PATTERNS;
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    @TempDir
    Path tmp;
    Publisher publisher;
    UpdateServer origin;
    final List<AutoCloseable> closeables = new ArrayList<>();
    final ExecutorService http = Executors.newCachedThreadPool();

    @BeforeEach
    void setUp() throws Exception {
        publisher = new Publisher(tmp.resolve("site"));
        origin = new UpdateServer(publisher.dir);
        publisher.bundle(VP, "1.0");
        publisher.index();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        origin.close();
        http.shutdownNow();
    }

    private Updater instance(String name, SourceLocator locator, String source) throws Exception {
        AtomicReference<List<ContentEngine>> engines = new AtomicReference<>(
                EngineSetBuilder.build(ScanSettings.defaults(), ComponentPayloads.none(), null));
        EngineHost host = new EngineHost() {
            @Override
            public List<ContentEngine> engines() {
                return engines.get();
            }

            @Override
            public void useEngines(List<ContentEngine> e) {
                engines.set(e);
            }
        };
        UpdateSettings s = new UpdateSettings(source, null, null, null, null, List.of(publisher.trustedKey()), null, null,
                Duration.ofSeconds(20), null);
        Updater u = new Updater(s, ScanSettings.defaults(), tmp.resolve(name).resolve("components"), host, locator,
                new HttpFetcher(null, List.of(), s.timeout(), http), null, null, Clock.systemUTC());
        closeables.add(u);
        u.loadInstalled();
        return u;
    }

    private ComponentStatus update(Updater u) throws Exception {
        return u.updateNow(VP.id(), "test").toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    /** Instance A: updated from the publisher, relaying on loopback and announced with mDNS. */
    private Updater relayInstance() throws Exception {
        Updater a = instance("a", SourceLocator.fixed(origin.url()), origin.url());
        assertThat(update(a).currentVersion()).isEqualTo("1.0");
        RelayServer relay = RelayServer.start(a.installed(), new InetSocketAddress(LO, 0));
        closeables.add(relay);
        closeables.add(RelayAdvertiser.start(LO, "relay-a", relay.address().getPort()));
        return a;
    }

    private MdnsSourceLocator discovering(String fallback) throws Exception {
        MdnsSourceLocator locator = new MdnsSourceLocator(LO, fallback, Duration.ofSeconds(2));
        closeables.add(locator);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<URI> found = locator.candidates();
            if (found.size() > (fallback == null ? 0 : 1)) {
                assertThat(found.getFirst().getHost()).isEqualTo("127.0.0.1");
                return locator;
            }
        }
        throw new AssertionError("the relay was not discovered within 60 s");
    }

    @Test
    void instanceFindsTheRelayAndUpdatesFromIt() throws Exception {
        relayInstance();
        MdnsSourceLocator locator = discovering(null);
        int originRequests = origin.requests.get();
        Updater b = instance("b", locator, "mdns");
        ComponentStatus s = update(b);
        assertThat(s.state()).isEqualTo(State.UP_TO_DATE);
        assertThat(s.currentVersion()).isEqualTo("1.0");
        assertThat(origin.requests.get()).as("everything came from the relay").isEqualTo(originRequests);
        assertThat(tmp.resolve("b/components/virus-patterns/1.0/virus-patterns-1.0.bundle"))
                .hasSameBinaryContentAs(publisher.dir.resolve("virus-patterns-1.0.bundle"));
    }

    @Test
    void aRelayServingAModifiedBundleIsRefused() throws Exception {
        Updater a = relayInstance();
        Path held = a.installed().bundle(VP, dev.mamori.core.component.ComponentVersion.parse("1.0")).orElseThrow();
        Publisher.rezip(held, Map.of("test.ndb", Publisher::flipLastByte), Map.of());
        MdnsSourceLocator locator = discovering(null);
        Updater c = instance("c", locator, "mdns");
        ComponentStatus s = update(c);
        assertThat(s.state()).isEqualTo(State.FAILED);
        assertThat(s.detail()).contains("hash mismatch: test.ndb");
        assertThat(s.currentVersion()).isEqualTo("none");
    }

    @Test
    void withoutARelayTheFallbackSourceIsUsed() throws Exception {
        MdnsSourceLocator locator = new MdnsSourceLocator(LO, origin.url(), Duration.ofSeconds(1));
        closeables.add(locator);
        assertThat(locator.candidates()).containsExactly(URI.create(origin.url()));
        Updater d = instance("d", locator, "mdns");
        ComponentStatus s = update(d);
        assertThat(s.currentVersion()).isEqualTo("1.0");
        assertThat(origin.requests.get()).isPositive();
    }

    @Test
    void theRelayServesOnlyWhatItHolds() throws Exception {
        Updater a = instance("a", SourceLocator.fixed(origin.url()), origin.url());
        update(a);
        RelayServer relay = RelayServer.start(a.installed(), new InetSocketAddress(LO, 0));
        closeables.add(relay);
        String base = "http://127.0.0.1:" + relay.address().getPort() + "/";
        HttpClient client = HttpClient.newHttpClient();
        for (String path : List.of("index.json", "index.sig", "virus-patterns-1.0.bundle")) {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).isEqualTo(Files.readAllBytes(publisher.dir.resolve(path)));
        }
        for (String path : List.of("virus-patterns-2.0.bundle", "index-issued", "virus-patterns/current",
                "..%2Findex.json", "virus-patterns-1.0.bundle/../../index.json", "")) {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).as(path).isEqualTo(404);
        }
        RelayServer closed = RelayServer.start(a.installed(), new InetSocketAddress(LO, 0), addr -> false);
        closeables.add(closed);
        HttpResponse<Void> denied = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + closed.address().getPort() + "/index.json")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(denied.statusCode()).as("a client outside access.clients").isEqualTo(403);
        HttpResponse<Void> post = client.send(HttpRequest.newBuilder(URI.create(base + "index.json"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
