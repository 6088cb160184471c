package dev.mamori.ui.backend;

import dev.mamori.core.log.LogLine;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.runtime.ServiceControl.Service;
import dev.mamori.core.store.AuditEvent;
import dev.mamori.core.store.MessageSearch;
import dev.mamori.core.store.StoredMessage;
import dev.mamori.ui.EmbeddedFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded backend over a real server: counters, feeds and audited quarantine actions. */
@Timeout(120)
class EmbeddedBackendTest {
    @TempDir
    Path dir;
    private EmbeddedFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new EmbeddedFixture(dir);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void anEicarRetrievalReachesThePulseTheEventFeedAndMessageTracking() throws Exception {
        LinkedBlockingQueue<Pulse> pulses = new LinkedBlockingQueue<>();
        List<MamoriEvent> events = new CopyOnWriteArrayList<>();
        f.backend.onPulse(pulses::add);
        f.backend.onEvent(events::add);
        f.deliverEicar("alice", "invoice");

        String got = f.retrieveFirst("alice");
        assertThat(got).contains("X-Mamori-Status: replaced").doesNotContain("EICAR-STANDARD");

        Pulse p;
        do {
            p = pulses.poll(30, TimeUnit.SECONDS);
            assertThat(p).as("a pulse with the message counted").isNotNull();
        } while (p.detectionsToday() < 1 || p.quarantined() < 1);
        assertThat(p.messagesToday()).isEqualTo(1);
        assertThat(p.traffic()).isNotNull();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(MamoriEvent.Detection.class,
                d -> assertThat(d.threats()).contains("Eicar-Test-Signature")));

        List<StoredMessage> tracked = f.backend.searchMessages(MessageSearch.latest(10)).toCompletableFuture().get();
        assertThat(tracked).singleElement().satisfies(m -> {
            assertThat(m.message().quarantineId()).startsWith("Q-");
            assertThat(m.message().detections()).anySatisfy(d -> assertThat(d.path()).contains("eicar.com"));
        });

        // the chart history: the minute in progress, flushed to the store, read back off the caller's thread
        f.server.runtime().traffic().flushMinute();
        f.server.runtime().store().flush();
        List<dev.mamori.core.store.StatsMinute> history = f.backend.statsHistory(
                java.time.Instant.now().minusSeconds(3600), java.time.Instant.now().plusSeconds(60))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(history).isNotEmpty().allSatisfy(r -> assertThat(r.protocol()).isEqualTo("pop3"));
        assertThat(history.stream().mapToLong(dev.mamori.core.store.StatsMinute::messages).sum()).isEqualTo(1);
        assertThat(history.stream().mapToLong(dev.mamori.core.store.StatsMinute::detections).sum()).isEqualTo(1);
        assertThat(history.stream().mapToLong(dev.mamori.core.store.StatsMinute::bytesOut).sum()).isPositive();
    }

    @Test
    void quarantineActionsAreAuditedWithTheActor() throws Exception {
        f.deliverEicar("bob", "report");
        f.retrieveFirst("bob");
        List<QuarantineEntry> q = f.backend.quarantine().toCompletableFuture().get();
        assertThat(q).hasSize(1);
        String id = q.getFirst().id();

        Path target = dir.resolve("export.eml");
        long n = f.backend.export(id, target, "dashboard:carol").toCompletableFuture().get();
        assertThat(Files.size(target)).isEqualTo(n).isEqualTo(q.getFirst().size());
        assertThat(Files.readString(target)).contains("eicar.com");

        assertThat(f.backend.release(id, "dashboard:carol").toCompletableFuture().get().status())
                .isEqualTo(QuarantineEntry.Status.RELEASED);
        assertThat(f.backend.delete(id, "dashboard:carol").toCompletableFuture().get()).isTrue();
        assertThat(f.backend.delete(id, "dashboard:carol").toCompletableFuture().get()).isFalse();
        assertThatThrownBy(() -> f.backend.release("Q-20000101-00000000", "dashboard:carol").toCompletableFuture().get())
                .hasMessageContaining("no quarantined message");

        f.server.runtime().store().flush();
        List<AuditEvent> audit = f.server.runtime().store().queries().auditLog(null, null, "dashboard:carol", 100);
        assertThat(audit).extracting(AuditEvent::action, AuditEvent::target, AuditEvent::result).containsExactly(
                org.assertj.core.groups.Tuple.tuple("quarantine.release", "Q-20000101-00000000", "failed"),
                org.assertj.core.groups.Tuple.tuple("quarantine.delete", id, "failed"),
                org.assertj.core.groups.Tuple.tuple("quarantine.delete", id, "ok"),
                org.assertj.core.groups.Tuple.tuple("quarantine.release", id, "ok"),
                org.assertj.core.groups.Tuple.tuple("quarantine.export", id, "ok"));
    }

    @Test
    void anEditedConfigurationIsValidatedWrittenReloadedAndAudited() throws Exception {
        String original = java.nio.file.Files.readString(f.configFile);
        try {
            ConfigUpdateResult refused = f.backend.updateConfiguration(original.replace("scan:\n", "scan:\n  quarantineRetention: -1d\n"),
                    "dashboard:erin").toCompletableFuture().get();
            assertThat(refused.accepted()).isFalse();
            assertThat(refused.problems()).anySatisfy(p -> assertThat(p.location()).isEqualTo("scan.quarantineRetention"));
            assertThat(java.nio.file.Files.readString(f.configFile)).isEqualTo(original);

            String edited = original.replace("scan:\n", "scan:\n  quarantineRetention: 14d\n");
            ConfigUpdateResult ok = f.backend.updateConfiguration(edited, "dashboard:erin").toCompletableFuture().get();
            assertThat(ok.accepted()).isTrue();
            assertThat(ok.restartRequired()).containsExactly("scan.quarantineRetention");
            assertThat(java.nio.file.Files.readString(f.configFile)).isEqualTo(edited);
            assertThat(java.nio.file.Files.readString(f.configFile.resolveSibling("mamori.yaml.bak"))).isEqualTo(original);

            f.server.runtime().store().flush();
            assertThat(f.server.runtime().store().queries().auditLog(null, null, "dashboard:erin", 10))
                    .extracting(a -> a.action() + " " + a.result())
                    .containsExactly("config.update ok", "config.update failed");
        } finally {
            java.nio.file.Files.writeString(f.configFile, original);
        }
    }

    @Test
    void servicesSwitchConfigIsRedactedAndTheLogIsTailed() throws Exception {
        assertThat(f.backend.setServiceEnabled(Service.POP3, false, "dashboard:dave").toCompletableFuture().get()).isTrue();
        assertThat(f.backend.serviceEnabled(Service.POP3)).isFalse();
        f.backend.setServiceEnabled(Service.POP3, true, "dashboard:dave").toCompletableFuture().get();

        ConfigView config = f.backend.configuration().toCompletableFuture().get();
        assertThat(config.editable()).isTrue();
        assertThat(config.redactedYaml()).contains("name: dashboard-test");
        assertThat(config.sections()).extracting(ConfigView.Section::title)
                .containsExactly("upstreams", "listeners", "policy", "updates");

        List<LogLine> seen = new CopyOnWriteArrayList<>();
        f.backend.onLog(seen::addAll);
        org.apache.logging.log4j.LogManager.getLogger("dev.mamori.test").info("PASS hunter2 from a client");
        // the tail redacts on its own thread: the line arrives a moment after the call
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (seen.stream().noneMatch(l -> l.message().startsWith("PASS")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(seen).anySatisfy(l -> assertThat(l.message()).contains("connections refused by dashboard:dave"));
        assertThat(seen).anySatisfy(l -> {
            assertThat(l.message()).startsWith("PASS").doesNotContain("hunter2");
            assertThat(l.level()).isEqualTo(LogLine.Level.INFO);
        });
    }
}
