package dev.mamori.ui.backend;

import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.runtime.ServiceControl.Service;
import dev.mamori.core.store.AuditEvent;
import dev.mamori.core.store.MessageSearch;
import dev.mamori.core.store.StoredMessage;
import dev.mamori.ui.EmbeddedFixture;
import dev.mamori.ui.RemoteFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RemoteBackend} against a real server with the admin channel (runtime, POP3 proxy, GreenMail upstream,
 * {@code AdminServer}), logged in as the administrator account {@code ops}.
 */
@Timeout(180)
class RemoteBackendTest {
    @TempDir
    Path dir;
    private RemoteFixture f;
    private RemoteBackend backend;

    @BeforeEach
    void start() throws Exception {
        f = new RemoteFixture(dir);
        backend = f.connectOps();
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) {
            backend.close();
        }
        f.close();
    }

    @Test
    void anEicarRetrievalReachesTheEventFeedThePulseAndMessageTracking() throws Exception {
        assertThat(backend.serverInfo().mode()).isEqualTo("remote");
        assertThat(backend.serverInfo().name()).isEqualTo("dashboard-test");
        assertThat(backend.serverInfo().location()).isEqualTo(f.address());
        assertThat(backend.serverInfo().listeners()).singleElement().satisfies(l -> {
            assertThat(l.protocol()).isEqualTo("pop3");
            assertThat(l.mode()).isEqualTo("generic");
            assertThat(l.tls()).isEqualTo("none");
            assertThat(l.address()).endsWith(":" + f.local.server.pop3Addresses().getFirst().getPort());
        });
        LinkedBlockingQueue<MamoriEvent> events = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Pulse> pulses = new LinkedBlockingQueue<>();
        backend.onEvent(events::add);
        backend.onPulse(pulses::add);
        f.local.deliverEicar("alice", "remote invoice");

        assertThat(f.local.retrieveFirst("alice")).contains("X-Mamori-Status: replaced");

        MamoriEvent e;
        do {
            e = events.poll(60, TimeUnit.SECONDS);
            assertThat(e).as("a detection event over the admin channel").isNotNull();
        } while (!(e instanceof MamoriEvent.Detection));
        MamoriEvent.Detection d = (MamoriEvent.Detection) e;
        assertThat(d.account()).isEqualTo("alice");
        assertThat(d.threats()).contains("Eicar-Test-Signature");
        assertThat(d.quarantineId()).startsWith("Q-");

        Pulse p;
        do {
            p = pulses.poll(60, TimeUnit.SECONDS);
            assertThat(p).as("a pulse with the message counted").isNotNull();
        } while (p.detectionsToday() < 1 || p.quarantined() < 1);
        assertThat(p.messagesToday()).isEqualTo(1);
        assertThat(p.traffic().listeners()).isNotEmpty();

        List<StoredMessage> found = backend.searchMessages(MessageSearch.latest(10)).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertThat(found).singleElement().satisfies(m -> {
            assertThat(m.message().subject()).isEqualTo("remote invoice");
            assertThat(m.message().quarantineId()).isEqualTo(d.quarantineId());
            assertThat(m.message().detections()).isNotEmpty();
        });

        // the chart history: the minute written to the store reaches the dashboard over stats.history
        var runtime = f.local.server.runtime();
        runtime.traffic().flushMinute();
        runtime.store().flush();
        java.time.Instant from = java.time.Instant.now().minusSeconds(3600);
        java.time.Instant to = java.time.Instant.now().plusSeconds(60);
        List<dev.mamori.core.store.StatsMinute> history = backend.statsHistory(from, to).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertThat(history).isNotEmpty()
                .isEqualTo(runtime.store().queries().statsHistory(null, from, to, 10_000));
        assertThat(history.stream().mapToLong(dev.mamori.core.store.StatsMinute::messages).sum()).isEqualTo(1);
        List<dev.mamori.core.store.ScanMinute> scans = backend.scanTimes(from, to).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertThat(scans).singleElement().satisfies(s -> assertThat(s.messages()).isEqualTo(1))
                .isEqualTo(runtime.store().queries().scanTimesPerMinute(from, to, 1440).getFirst());
    }

    @Test
    void releaseDeleteAndExportAreAuditedWithTheRemoteAccount() throws Exception {
        f.local.deliverEicar("alice", "first");
        f.local.deliverEicar("bob", "second");
        f.local.retrieveFirst("alice");
        f.local.retrieveFirst("bob");
        await(() -> quarantined().size() == 2);
        List<QuarantineEntry> entries = quarantined();
        String first = entries.stream().filter(q -> q.account().equals("alice")).findFirst().orElseThrow().id();
        String second = entries.stream().filter(q -> q.account().equals("bob")).findFirst().orElseThrow().id();

        Path eml = dir.resolve("first.eml");
        long written = backend.export(first, eml, "ignored").toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(Files.size(eml)).isEqualTo(written);
        assertThat(Files.readString(eml, StandardCharsets.ISO_8859_1)).contains("Subject: first");
        assertThat(Files.exists(dir.resolve("first.eml.part"))).isFalse();

        QuarantineEntry released = backend.release(first, "ignored").toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(released.status()).isEqualTo(QuarantineEntry.Status.RELEASED);
        assertThat(backend.delete(second, "ignored").toCompletableFuture().get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(backend.delete(second, "ignored").toCompletableFuture().get(60, TimeUnit.SECONDS)).isFalse();

        f.local.server.runtime().store().flush();
        List<AuditEvent> audit = f.local.server.runtime().store().queries().auditLog(null, null, RemoteFixture.OPS, 100);
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("quarantine.release");
            assertThat(a.target()).isEqualTo(first);
            assertThat(a.result()).isEqualTo("ok");
        });
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("quarantine.delete");
            assertThat(a.target()).isEqualTo(second);
            assertThat(a.result()).isEqualTo("ok");
        });
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("quarantine.download");
            assertThat(a.target()).isEqualTo(first);
        });
        assertThat(audit).allSatisfy(a -> assertThat(a.actor()).isEqualTo(RemoteFixture.OPS));
    }

    @Test
    void serviceSwitchConfigurationAndTheHonestLogState() throws Exception {
        assertThat(backend.serviceEnabled(Service.POP3)).isTrue();
        assertThat(backend.setServiceEnabled(Service.POP3, false, "ignored").toCompletableFuture()
                .get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(backend.serviceEnabled(Service.POP3)).isFalse();
        assertThat(f.local.server.runtime().services().isEnabled(Service.POP3)).isFalse();
        backend.setServiceEnabled(Service.POP3, true, "ignored").toCompletableFuture().get(60, TimeUnit.SECONDS);

        ConfigView config = backend.configuration().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(config.editable()).isTrue(); // ops is an administrator
        assertThat(config.redactedYaml()).contains("dashboard-test", "generic");
        assertThat(config.sections()).anySatisfy(s -> {
            assertThat(s.title()).isEqualTo("listeners");
            assertThat(s.entries()).singleElement().satisfies(en -> assertThat(en.name()).isEqualTo("POP3 generic"));
        });

        // the server's log over log.tail: redacted on the server, first the newest lines, then each new one
        assertThat(backend.logAvailable()).isTrue();
        List<dev.mamori.core.log.LogLine> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.apache.logging.log4j.LogManager.getLogger("dev.mamori.test").info("before: PASS hunter2 from a client");
        try (AutoCloseable tail = backend.onLog(seen::addAll)) {
            await(() -> seen.stream().anyMatch(l -> l.message().startsWith("before: PASS")));
            org.apache.logging.log4j.LogManager.getLogger("dev.mamori.test").warn("after: PASS hunter2");
            await(() -> seen.stream().anyMatch(l -> l.message().startsWith("after: PASS")));
        }
        assertThat(seen).allSatisfy(l -> assertThat(l.message()).doesNotContain("hunter2"));
        assertThat(seen).extracting(dev.mamori.core.log.LogLine::sequence).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void anEditedConfigurationGoesThroughConfigUpdateAndIsAuditedUnderTheAccount() throws Exception {
        String original = java.nio.file.Files.readString(f.local.configFile);
        try {
            ConfigUpdateResult refused = backend.updateConfiguration(original.replace("scan:\n", "scan:\n  quarantineRetention: soon\n"),
                    "ignored").toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertThat(refused.accepted()).isFalse();
            assertThat(refused.problems()).anySatisfy(p -> assertThat(p.location()).isEqualTo("scan.quarantineRetention"));
            assertThat(java.nio.file.Files.readString(f.local.configFile)).isEqualTo(original);

            String edited = original.replace("scan:\n", "# the operator's note, kept through the edit\nscan:\n  quarantineRetention: 14d\n");
            ConfigUpdateResult ok = backend.updateConfiguration(edited, "ignored").toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            assertThat(ok.accepted()).isTrue();
            assertThat(ok.restartRequired()).containsExactly("scan.quarantineRetention");
            assertThat(java.nio.file.Files.readString(f.local.configFile)).isEqualTo(edited);
            assertThat(backend.configuration().toCompletableFuture().get(60, TimeUnit.SECONDS).redactedYaml())
                    .contains("# the operator's note, kept through the edit\nscan:\n  quarantineRetention: 14d\n")
                    .doesNotStartWith("# As loaded by");

            f.local.server.runtime().store().flush();
            assertThat(f.local.server.runtime().store().queries().auditLog(null, null, RemoteFixture.OPS, 10))
                    .filteredOn(a -> a.action().equals("config.update"))
                    .extracting(AuditEvent::result).containsExactly("ok", "failed");
        } finally {
            java.nio.file.Files.writeString(f.local.configFile, original);
        }
    }

    @Test
    void losingTheServerIsReportedWithTheReasonAndCallsFailInsteadOfHanging() throws Exception {
        LinkedBlockingQueue<String> lost = new LinkedBlockingQueue<>();
        backend.onDisconnected(lost::add);
        f.admin.close();
        String reason = lost.poll(60, TimeUnit.SECONDS);
        assertThat(reason).as("disconnect reported").isNotNull().contains("connection");
        assertThat(backend.quarantine().toCompletableFuture()).failsWithin(60, TimeUnit.SECONDS);
    }

    private List<QuarantineEntry> quarantined() throws Exception {
        return backend.quarantine().toCompletableFuture().get(60, TimeUnit.SECONDS).stream()
                .filter(q -> q.status() == QuarantineEntry.Status.QUARANTINED).toList();
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(end);
            Thread.sleep(100);
        }
    }

    static byte[] eicar() {
        return EmbeddedFixture.eicar();
    }
}
