package dev.mamori.pop3.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mamori.core.component.ComponentKind;
import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.component.Publisher;
import dev.mamori.core.component.Scans;
import dev.mamori.core.component.update.EngineHost;
import dev.mamori.core.component.update.HttpFetcher;
import dev.mamori.core.component.update.SourceLocator;
import dev.mamori.core.component.update.UpdateServer;
import dev.mamori.core.component.update.Updater;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.UpdateSettings;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.scan.MessageSource;
import dev.mamori.core.scan.ScanContext;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.engine.ContentEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot swap under load: 20 signed pattern updates installed while three threads scan continuously through the
 * runtime's scan service and a POP3 session through the proxy (GreenMail upstream) keeps retrieving. No scan may
 * fail or give a wrong verdict, the POP3 session must never drop, and each new version must be in use by the next
 * scan after its update completes.
 */
@Timeout(600)
class ComponentHotSwapTest {
    private static final int UPDATES = 20;

    @TempDir
    Path tmp;

    @Test
    void twentyUpdatesUnderLoadDropNothing() throws Exception {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort());
        greenMail.start();
        int port = greenMail.getPop3().getPort();
        var alice = greenMail.setUser("alice@example.com", "alice", "pw");
        alice.deliver(GreenMailUtil.newMimeMessage(TestCorpus.withAttachment("clean", "report.txt", "text/plain",
                "quarterly figures\r\n".repeat(200).getBytes(StandardCharsets.US_ASCII))));
        alice.deliver(GreenMailUtil.newMimeMessage(TestCorpus.withAttachment("infected", "eicar.com",
                "application/octet-stream", TestCorpus.eicar())));

        Publisher publisher = new Publisher(tmp.resolve("site"));
        ExecutorService http = Executors.newCachedThreadPool();
        ExecutorService load = Executors.newFixedThreadPool(4);
        AtomicBoolean running = new AtomicBoolean(true);
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger scans = new AtomicInteger();
        AtomicInteger retrievals = new AtomicInteger();
        try (UpdateServer server = new UpdateServer(publisher.dir);
             ProxyHarness mamori = ProxyHarness.builder(tmp.resolve("data")).generic(ClientTls.NONE)
                     .allowLoopback(port + "", UpstreamTls.NONE).start()) {
            var runtime = mamori.runtime;
            UpdateSettings settings = new UpdateSettings(server.url(), null, null, null, 3, List.of(publisher.trustedKey()),
                    null, null, Duration.ofSeconds(60), null);
            EngineHost host = new EngineHost() {
                @Override
                public List<ContentEngine> engines() {
                    return runtime.engines();
                }

                @Override
                public void useEngines(List<ContentEngine> engines) {
                    runtime.useEngines(engines);
                }
            };
            try (Updater updater = new Updater(settings, runtime.config().scan(), tmp.resolve("data/components"), host,
                    SourceLocator.fixed(server.url()), new HttpFetcher(null, List.of(), settings.timeout(), http),
                    runtime.store(), runtime.events(), Clock.systemUTC())) {
                updater.loadInstalled();
                runtime.useComponents(updater);

                byte[] cleanDirect;
                try (RawPop3Client c = new RawPop3Client(new InetSocketAddress("127.0.0.1", port))) {
                    c.command("USER alice");
                    c.command("PASS pw");
                    cleanDirect = c.multi("RETR 1");
                }

                byte[] eicarMessage = Scans.message("attached: " + new String(TestCorpus.eicar(), StandardCharsets.US_ASCII));
                byte[] cleanMessage = Scans.message("nothing to see here");
                List<Future<?>> tasks = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    tasks.add(load.submit(() -> {
                        while (running.get()) {
                            try {
                                List<String> dirty = Scans.names(scan(runtime.scanService(), eicarMessage));
                                List<String> clean = Scans.names(scan(runtime.scanService(), cleanMessage));
                                if (!dirty.contains("Eicar-Test-Signature") || !clean.isEmpty()) {
                                    failures.add("wrong verdict: " + dirty + " / " + clean);
                                }
                                scans.addAndGet(2);
                            } catch (Throwable e) {
                                failures.add("scan failed: " + e);
                            }
                        }
                        return null;
                    }));
                }
                RawPop3Client session = new RawPop3Client(mamori.address(0));
                assertThat(session.command("USER alice#127.0.0.1:" + port)).startsWith("+OK");
                assertThat(session.command("PASS pw")).startsWith("+OK");
                tasks.add(load.submit(() -> {
                    while (running.get()) {
                        try {
                            byte[] clean = session.multi("RETR 1");
                            String infected = new String(session.multi("RETR 2"), StandardCharsets.ISO_8859_1);
                            if (!java.util.Arrays.equals(clean, cleanDirect)) {
                                failures.add("clean message changed through the proxy");
                            }
                            if (!infected.contains("X-Mamori-") || infected.contains("EICAR-STANDARD")) {
                                failures.add("infected message not replaced");
                            }
                            retrievals.addAndGet(2);
                        } catch (Throwable e) {
                            failures.add("POP3 session failed: " + e);
                            return null;
                        }
                    }
                    return null;
                }));

                for (int i = 1; i <= UPDATES; i++) {
                    String v = "1." + i;
                    publisher.bundle(ComponentKind.VIRUS_PATTERNS, v);
                    publisher.index();
                    ComponentStatus s = updater.updateNow("virus-patterns", "test").toCompletableFuture().get(120, TimeUnit.SECONDS);
                    assertThat(s.state()).as(s.toString()).isEqualTo(ComponentStatus.State.UP_TO_DATE);
                    assertThat(s.currentVersion()).isEqualTo(v);
                    assertThat(Scans.names(scan(runtime.scanService(), Scans.message(Publisher.marker(v)))))
                            .as("version %s is used by the next scan", v).containsExactly("Mamori.Test.Marker");
                }
                running.set(false);
                for (Future<?> f : tasks) {
                    f.get(120, TimeUnit.SECONDS);
                }
                assertThat(session.command("QUIT")).startsWith("+OK");
                session.close();
                assertThat(failures).isEmpty();
                assertThat(scans.get()).isPositive();
                assertThat(retrievals.get()).isPositive();
                assertThat(runtime.components().list()).filteredOn(c -> c.name().equals("virus-patterns")).singleElement()
                        .satisfies(c -> assertThat(c.currentVersion()).isEqualTo("1." + UPDATES));
                System.out.printf("hot swap: %d updates, %d scans, %d POP3 retrievals, no failure%n", UPDATES, scans.get(),
                        retrievals.get());
            }
        } finally {
            running.set(false);
            load.shutdownNow();
            http.shutdownNow();
            greenMail.stop();
        }
    }

    private static Verdict scan(dev.mamori.core.scan.ScanService service, byte[] message) throws Exception {
        MessageSource src = new MessageSource() {
            @Override
            public InputStream openStream() {
                return new ByteArrayInputStream(message);
            }

            @Override
            public long size() {
                return message.length;
            }
        };
        return service.scan(src, new ScanContext("test", "test", null, "t", "t", "1")).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
