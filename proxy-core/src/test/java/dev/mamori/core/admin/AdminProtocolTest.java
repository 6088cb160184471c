package dev.mamori.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.AdminListener;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.metrics.TrafficSnapshot;
import dev.mamori.core.quarantine.Quarantine;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.runtime.ServiceControl;
import dev.mamori.core.store.AuditEvent;
import dev.mamori.core.store.DetectionFilter;
import dev.mamori.core.store.MessageSearch;
import dev.mamori.core.store.StatsMinute;
import dev.mamori.core.admin.server.AdminCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSON protocol end to end: the client library over a real SSH connection to an embedded server with a real
 * {@link dev.mamori.core.runtime.ProxyRuntime} on a temporary data directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminProtocolTest {
    Path dir;
    AdminFixture fixture;
    AdminClient admin;
    AdminClient viewer;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        fixture = new AdminFixture(dir);
        fixture.prepareAccounts();
        admin = fixture.connect("admin", AdminFixture.ADMIN_PASSWORD);
        viewer = fixture.connect("viewer", AdminFixture.VIEWER_PASSWORD);
    }

    @AfterAll
    void stop() {
        admin.close();
        viewer.close();
        fixture.close();
    }

    private QuarantineEntry quarantined(String subject) throws Exception {
        byte[] eml = ("Subject: " + subject + "\r\n\r\nbody of " + subject + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return fixture.runtime.quarantine().store(new ByteArrayInputStream(eml), new Quarantine.Origin("pop3",
                "alice", "mail.example:995", "127.0.0.1", "1", subject, List.of("Eicar-Test-Signature")));
    }

    @Test
    void helloNegotiatesTheVersionAndStatusDescribesTheServer() throws Exception {
        assertThat(admin.hello().version()).isEqualTo(1);
        assertThat(admin.hello().server()).isEqualTo("fixture");
        assertThat(admin.hello().serverVersion()).isEqualTo("test-version");
        assertThat(admin.serverFingerprint()).isEqualTo(fixture.server.hostKeyFingerprint());
        ObjectNode args = AdminJson.MAPPER.createObjectNode();
        args.putArray("versions").add(99);
        assertThatThrownBy(() -> admin.call("hello", args)).isInstanceOfSatisfying(AdminError.class,
                e -> assertThat(e.code()).isEqualTo(AdminError.UNSUPPORTED_VERSION));

        Results.Status status = viewer.status();
        assertThat(status.name()).isEqualTo("fixture");
        assertThat(status.services()).containsEntry("pop3", true).containsEntry("smtp", true);
        assertThat(status.listeners()).anySatisfy(l -> {
            assertThat(l.protocol()).isEqualTo("ssh");
            assertThat(l.address()).endsWith(":" + fixture.port());
        });
        assertThat(status.uptimeSeconds()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        assertThatThrownBy(() -> admin.call("no.such.command", null)).isInstanceOfSatisfying(AdminError.class,
                e -> assertThat(e.code()).isEqualTo(AdminError.UNKNOWN_COMMAND));
        assertThatThrownBy(() -> admin.call("quarantine.show", null)).isInstanceOfSatisfying(AdminError.class,
                e -> assertThat(e.getMessage()).contains("'id' is required"));
        ObjectNode bad = AdminJson.MAPPER.createObjectNode().put("from", "yesterday");
        assertThatThrownBy(() -> admin.call("detections.search", bad)).isInstanceOfSatisfying(AdminError.class,
                e -> assertThat(e.getMessage()).contains("ISO-8601"));
        assertThatThrownBy(() -> admin.quarantineShow("Q-20990101-00000000")).isInstanceOfSatisfying(AdminError.class,
                e -> assertThat(e.code()).isEqualTo(AdminError.NOT_FOUND));
    }

    /** Every command that needs the admin role is refused to a viewer, and the refusal of a change is audited. */
    @Test
    void aViewerMayRunEveryReadCommandAndNoAdminCommand() throws Exception {
        QuarantineEntry entry = quarantined("viewer test");
        Map<String, ObjectNode> argsFor = Map.of(
                "service.enable", AdminJson.MAPPER.createObjectNode().put("service", "pop3"),
                "service.disable", AdminJson.MAPPER.createObjectNode().put("service", "pop3"),
                "quarantine.show", AdminJson.MAPPER.createObjectNode().put("id", entry.id()),
                "quarantine.release", AdminJson.MAPPER.createObjectNode().put("id", entry.id()),
                "quarantine.delete", AdminJson.MAPPER.createObjectNode().put("id", entry.id()),
                "quarantine.download", AdminJson.MAPPER.createObjectNode().put("id", entry.id()),
                "components.update", AdminJson.MAPPER.createObjectNode().put("component", "virus-patterns"),
                "components.rollback", AdminJson.MAPPER.createObjectNode().put("component", "virus-patterns"),
                "passwd", AdminJson.MAPPER.createObjectNode().put("old", "wrong old password").put("new", "x"),
                "subscribe", AdminJson.MAPPER.createObjectNode());
        List<String> adminOnly = new ArrayList<>();
        for (String command : fixture.server.commandNames()) {
            ObjectNode args = argsFor.getOrDefault(command, AdminJson.MAPPER.createObjectNode());
            Role needed = fixture.server.roleOf(command);
            try {
                viewer.call(command, args);
                assertThat(needed).as(command).isEqualTo(Role.VIEWER);
            } catch (AdminError e) {
                if (needed == Role.ADMIN) {
                    assertThat(e.code()).as(command).isEqualTo(AdminError.FORBIDDEN);
                    assertThat(e.getMessage()).contains("needs the admin role");
                    adminOnly.add(command);
                } else {
                    assertThat(e.code()).as(command + ": " + e.getMessage()).isNotEqualTo(AdminError.FORBIDDEN);
                }
            }
        }
        viewer.unsubscribe(List.of());
        assertThat(adminOnly).containsExactlyInAnyOrder("service.enable", "service.disable", "quarantine.release",
                "quarantine.delete", "quarantine.download", "components.update", "components.rollback",
                "config.reload", "config.update", "accounts.list", "accounts.add", "accounts.update",
                "accounts.remove", "accounts.reset");
        assertThat(fixture.runtime.services().isEnabled(ServiceControl.Service.POP3)).isTrue();
        assertThat(fixture.runtime.quarantine().get(entry.id())).get()
                .extracting(QuarantineEntry::status).isEqualTo(QuarantineEntry.Status.QUARANTINED);
        List<AuditEvent> audit = admin.audit(null, null, "viewer", 1000);
        for (String command : adminOnly) {
            assertThat(audit).as(command).anySatisfy(a -> {
                assertThat(a.action()).isEqualTo(command);
                assertThat(a.result()).isEqualTo("denied");
            });
        }
    }

    @Test
    void everyStateChangingCommandIsAudited() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        QuarantineEntry released = quarantined("to release");
        QuarantineEntry deleted = quarantined("to delete");

        assertThat(admin.setService("smtp", false).changed()).isTrue();
        assertThat(fixture.runtime.services().isEnabled(ServiceControl.Service.SMTP)).isFalse();
        assertThat(admin.setService("smtp", true).enabled()).isTrue();
        assertThat(admin.quarantineRelease(released.id()).status()).isEqualTo("released");
        ByteArrayOutputStream eml = new ByteArrayOutputStream();
        long size = admin.quarantineDownload(deleted.id(), eml);
        assertThat(size).isEqualTo(deleted.size());
        assertThat(eml.toString(StandardCharsets.US_ASCII)).contains("body of to delete");
        assertThat(admin.quarantineDelete(deleted.id()).status()).isEqualTo("deleted");
        assertThatThrownBy(() -> admin.updateComponent("virus-patterns")).isInstanceOfSatisfying(AdminError.class,
                e -> assertThat(e.getMessage()).contains("no update source"));
        assertThatThrownBy(() -> admin.rollbackComponent("virus-patterns")).isInstanceOf(AdminError.class);
        admin.configReload();

        List<AuditEvent> audit = admin.audit(start, null, "admin", 1000);
        assertAudited(audit, "service.disable", "smtp", "ok");
        assertAudited(audit, "service.enable", "smtp", "ok");
        assertAudited(audit, "quarantine.release", released.id(), "ok");
        assertAudited(audit, "quarantine.download", deleted.id(), "ok");
        assertAudited(audit, "quarantine.delete", deleted.id(), "ok");
        assertAudited(audit, "components.update", "virus-patterns", "failed");
        assertAudited(audit, "components.rollback", "virus-patterns", "failed");
        assertAudited(audit, "config.reload", null, "ok");
        assertThat(fixture.runtime.quarantine().get(deleted.id())).isEmpty();
        assertThat(admin.quarantineList(QuarantineEntry.Status.RELEASED, 10)).extracting(QuarantineEntry::id)
                .contains(released.id());
    }

    private static void assertAudited(List<AuditEvent> audit, String action, String target, String result) {
        assertThat(audit).as(action).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo(action);
            assertThat(a.target()).isEqualTo(target);
            assertThat(a.result()).isEqualTo(result);
            assertThat(a.actor()).isEqualTo("admin");
        });
    }

    @Test
    void subscribersReceiveStatsAndDetections() throws Exception {
        BlockingQueue<TrafficSnapshot> stats = new LinkedBlockingQueue<>();
        BlockingQueue<MamoriEvent> events = new LinkedBlockingQueue<>();
        try (AdminClient watcher = fixture.connect("viewer", AdminFixture.VIEWER_PASSWORD)) {
            fixture.runtime.traffic().listener("pop3", "main").message();
            List<String> topics = watcher.subscribe(List.of("stats", "events"), new AdminListener() {
                @Override
                public void onStats(TrafficSnapshot snapshot) {
                    stats.add(snapshot);
                }

                @Override
                public void onEvent(MamoriEvent event) {
                    events.add(event);
                }
            });
            assertThat(topics).containsExactly("stats", "events");
            TrafficSnapshot snapshot = stats.poll(30, TimeUnit.SECONDS);
            assertThat(snapshot).isNotNull();
            assertThat(snapshot.listeners()).anySatisfy(l -> {
                assertThat(l.listener()).isEqualTo("main");
                assertThat(l.messages()).isGreaterThanOrEqualTo(1);
            });

            fixture.runtime.events().publish(new MamoriEvent.Detection(Instant.now(), "pop3", "main", "127.0.0.1",
                    "alice", "mail.example:995", List.of(), "hello", "<1@example>", List.of("Eicar-Test-Signature"),
                    List.of("virus"), "replace,quarantine", "Q-20261125-0000abcd"));
            MamoriEvent event = events.poll(30, TimeUnit.SECONDS);
            assertThat(event).isInstanceOfSatisfying(MamoriEvent.Detection.class, d -> {
                assertThat(d.threats()).containsExactly("Eicar-Test-Signature");
                assertThat(d.account()).isEqualTo("alice");
            });

            admin.setService("pop3", false);
            admin.setService("pop3", true);
            MamoriEvent change;
            do {
                change = events.poll(30, TimeUnit.SECONDS);
            } while (change != null && !(change instanceof MamoriEvent.ServiceChanged));
            assertThat(change).isInstanceOfSatisfying(MamoriEvent.ServiceChanged.class, s -> {
                assertThat(s.service()).isEqualTo("pop3");
                assertThat(s.actor()).isEqualTo("admin");
            });
            assertThat(watcher.unsubscribe(List.of("stats"))).containsExactly("events");
        }
    }

    @Test
    void detectionsAndTrackingQueriesAnswerWithTheStoreRecords() throws Exception {
        assertThat(viewer.detections(DetectionFilter.latest(10))).isNotNull();
        assertThat(viewer.detections(new DetectionFilter(Instant.now().minusSeconds(3600), null, "pop3", "eicar",
                "alice", 5))).isNotNull();
        assertThat(viewer.tracking(MessageSearch.latest(10))).isNotNull();
        assertThat(viewer.components()).extracting(c -> c.name()).contains("virus-patterns", "scan-engine");
    }

    @Test
    void configShowRedactsAndReloadRefusesABadFileAndNamesWhatNeedsARestart() throws Exception {
        JsonNode shown = viewer.configShow();
        assertThat(shown.path("config").path("server").path("name").asText()).isEqualTo("fixture");
        String good = Files.readString(fixture.configFile);
        // the text is the file itself (no secrets in it, so nothing masked), comments and layout kept for an editor
        assertThat(shown.path("text").asText()).isEqualTo(good);
        try {
            Files.writeString(fixture.configFile, good + "bogus: 1\n");
            assertThatThrownBy(admin::configReload).isInstanceOfSatisfying(AdminError.class, e -> {
                assertThat(e.code()).isEqualTo(AdminError.INVALID_CONFIG);
                assertThat(e.getMessage()).contains("bogus").contains("the running one stays");
            });
            assertThat(fixture.runtime.engines()).extracting(e -> e.name()).containsExactly("signatures", "heuristics");

            Path rules = Files.writeString(dir.resolve("rules.txt"), "block-extension xyz\n");
            Files.writeString(fixture.configFile, AdminFixture.config("""
                    scan:
                      heuristicRules: %s
                    """.formatted(rules)).replace("name: fixture", "name: renamed"));
            var engines = fixture.runtime.engines();
            Results.Reload reload = admin.configReload();
            assertThat(reload.applied()).singleElement().asString().contains("engines reloaded");
            assertThat(reload.restartRequired()).containsExactly("server");
            assertThat(fixture.runtime.engines()).isNotSameAs(engines);
            assertThat(admin.configShow().path("restartRequired").get(0).asText()).isEqualTo("server");
        } finally {
            Files.writeString(fixture.configFile, good);
        }
    }

    @Test
    void configUpdateRefusesAnInvalidTextAndWritesAndReloadsAValidOne() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        String good = Files.readString(fixture.configFile);
        Path backup = fixture.configFile.resolveSibling("mamori.yaml.bak");
        try {
            // invalid: refused with the problem and its field path, nothing written, audited as failed
            String invalid = good + "scan:\n  quarantineRetention: forever\n";
            Results.ConfigUpdate refused = admin.configUpdate(invalid);
            assertThat(refused.accepted()).isFalse();
            assertThat(refused.problems()).anySatisfy(p -> assertThat(p.location()).contains("quarantineRetention"));
            assertThat(Files.readString(fixture.configFile)).isEqualTo(good);
            assertThat(backup).doesNotExist();

            // a redacted secret left in place is refused, naming the line
            Results.ConfigUpdate secret = admin.configUpdate(good + "# smtpPassword: (redacted)\n");
            assertThat(secret.accepted()).isFalse();
            assertThat(secret.problems()).singleElement().satisfies(p -> {
                assertThat(p.location()).startsWith("line ");
                assertThat(p.problem()).contains("secret");
            });
            assertThat(Files.readString(fixture.configFile)).isEqualTo(good);

            // valid: written, previous kept as .bak, reloaded, the changed section named as needing a restart
            String renamed = good.replace("name: fixture", "name: renamed");
            Results.ConfigUpdate ok = admin.configUpdate(renamed);
            assertThat(ok.accepted()).isTrue();
            assertThat(ok.problems()).isEmpty();
            assertThat(ok.restartRequired()).containsExactly("server");
            assertThat(Files.readString(fixture.configFile)).isEqualTo(renamed);
            assertThat(Files.readString(backup)).isEqualTo(good);
            assertThat(admin.configShow().path("config").path("server").path("name").asText()).isEqualTo("renamed");
            try (var files = Files.list(fixture.configFile.getParent())) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
            }

            // a viewer is refused and the refusal audited; the file stays
            assertThatThrownBy(() -> viewer.configUpdate(good)).isInstanceOfSatisfying(AdminError.class,
                    e -> assertThat(e.code()).isEqualTo(AdminError.FORBIDDEN));
            assertThat(Files.readString(fixture.configFile)).isEqualTo(renamed);

            List<AuditEvent> audit = admin.audit(start, null, null, 1000);
            assertThat(audit).filteredOn(a -> a.action().equals("config.update")).extracting(AuditEvent::actor,
                    AuditEvent::result).contains(org.assertj.core.groups.Tuple.tuple("admin", "failed"),
                    org.assertj.core.groups.Tuple.tuple("admin", "ok"),
                    org.assertj.core.groups.Tuple.tuple("viewer", "denied"));
            assertThat(audit).filteredOn(a -> a.action().equals("config.update"))
                    .allSatisfy(a -> assertThat(String.valueOf(a.detail())).doesNotContain("redacted"));
        } finally {
            Files.writeString(fixture.configFile, good);
        }
    }

    @Test
    void logTailServesTheRedactedRingToAViewerInBoundedReads() throws Exception {
        assertThatThrownBy(() -> viewer.logTail(0, 10)).isInstanceOfSatisfying(AdminError.class,
                e -> assertThat(e.getMessage()).contains("no log tail"));
        dev.mamori.core.log.LogBuffer buffer = new dev.mamori.core.log.LogBuffer(100);
        try (AutoCloseable appender = dev.mamori.core.log.RingBufferAppender.install(buffer)) {
            dev.mamori.core.admin.server.ConfigViewAccess.useLog(fixture.server, buffer);
            org.apache.logging.log4j.Logger log = org.apache.logging.log4j.LogManager.getLogger("dev.mamori.test.Tail");
            for (int i = 1; i <= 5; i++) {
                log.error("line {} client sent PASS hunter2", i);
            }
            awaitTail(buffer, "line 5 ");
            var first = viewer.logTail(0, 3);
            assertThat(first.lines()).extracting(dev.mamori.core.log.LogLine::message)
                    .containsExactly("line 3 client sent PASS ******", "line 4 client sent PASS ******",
                            "line 5 client sent PASS ******");
            assertThat(first.truncated()).isTrue();
            assertThat(first.lines()).allSatisfy(l -> {
                assertThat(l.level()).isEqualTo(dev.mamori.core.log.LogLine.Level.ERROR);
                assertThat(l.logger()).isEqualTo("Tail");
            });
            log.error("line 6");
            awaitTail(buffer, "line 6");
            var next = viewer.logTail(first.last(), 100);
            assertThat(next.lines()).extracting(dev.mamori.core.log.LogLine::message).containsExactly("line 6");
            assertThat(next.truncated()).isFalse();
            assertThat(viewer.logTail(next.last(), 100).lines()).isEmpty();
            for (int bad : new int[] {0, 2001}) {
                assertThatThrownBy(() -> viewer.logTail(0, bad)).isInstanceOfSatisfying(AdminError.class,
                        e -> assertThat(e.code()).isEqualTo(AdminError.BAD_REQUEST));
            }
        }
    }

    /** The tail redacts on its own thread: a logged line arrives in the buffer a moment after the call. */
    private static void awaitTail(dev.mamori.core.log.LogBuffer buffer, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (buffer.snapshot().stream().noneMatch(l -> l.message().startsWith(prefix)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** {@code stats.history}: the store's minute rows for a viewer, filtered, oldest first, bounded. */
    @Test
    void statsHistoryAnswersWithTheMinuteRowsNewestKeptWhenCapped() throws Exception {
        // within the store's retention (the runtime applies it 5 s after start and would delete older rows), away from now
        Instant base = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(java.time.Duration.ofDays(3));
        for (int m = 0; m < 5; m++) {
            Instant minute = base.plusSeconds(60L * m);
            fixture.runtime.store().record(new StatsMinute(minute, "pop3", 100 + m, 6000 + m, m, 0, 1));
            if (m % 2 == 0) {
                fixture.runtime.store().record(new StatsMinute(minute, "smtp", 7000, 10, 1, 1, 1));
            }
        }
        fixture.runtime.store().record(new StatsMinute(base.plusSeconds(60), "pop3", 1, 1, 1, 0, 0)); // adds up
        fixture.runtime.store().flush();
        Instant end = base.plusSeconds(300);

        List<StatsMinute> all = viewer.statsHistory(null, base, end, 100);
        assertThat(all).hasSize(8);
        assertThat(all).extracting(StatsMinute::minute).isSorted();
        assertThat(all.get(0)).isEqualTo(new StatsMinute(base, "pop3", 100, 6000, 0, 0, 1));
        assertThat(all).filteredOn(r -> r.minute().equals(base.plusSeconds(60))).singleElement()
                .isEqualTo(new StatsMinute(base.plusSeconds(60), "pop3", 102, 6002, 2, 0, 1));

        List<StatsMinute> pop3 = viewer.statsHistory("POP3", base.plusSeconds(60), base.plusSeconds(180), 100);
        assertThat(pop3).extracting(StatsMinute::minute)
                .containsExactly(base.plusSeconds(60), base.plusSeconds(120));
        assertThat(pop3).extracting(StatsMinute::protocol).containsOnly("pop3");

        List<StatsMinute> newest = viewer.statsHistory("pop3", base, end, 2);
        assertThat(newest).as("the newest two, oldest first").extracting(StatsMinute::minute)
                .containsExactly(base.plusSeconds(180), base.plusSeconds(240));

        JsonNode raw = viewer.call("stats.history", AdminJson.MAPPER.createObjectNode()
                .put("from", base.toString()).put("to", base.plusSeconds(60).toString()).put("protocol", "smtp"));
        assertThat(raw).hasSize(1);
        assertThat(Instant.parse(raw.get(0).get("minute").asText())).isEqualTo(base);
        assertThat(raw.get(0).get("bytesIn").asLong()).isEqualTo(7000);

        for (ObjectNode bad : List.of(
                AdminJson.MAPPER.createObjectNode().put("limit", AdminCommands.STATS_HISTORY_MAX + 1),
                AdminJson.MAPPER.createObjectNode().put("limit", 0),
                AdminJson.MAPPER.createObjectNode().put("protocol", "imap"),
                AdminJson.MAPPER.createObjectNode().put("from", end.toString()).put("to", base.toString()),
                AdminJson.MAPPER.createObjectNode().put("from", "an hour ago"))) {
            assertThatThrownBy(() -> viewer.call("stats.history", bad)).as(bad.toString())
                    .isInstanceOfSatisfying(AdminError.class, e -> assertThat(e.code()).isEqualTo(AdminError.BAD_REQUEST));
        }
        assertThat(fixture.server.roleOf("stats.history")).isEqualTo(Role.VIEWER);
    }

    /** {@code stats.scanTimes}: per-minute scan times of the tracked messages, nearest-rank percentiles. */
    @Test
    void scanTimesPerMinuteComeFromMessageTracking() throws Exception {
        // within the store's retention (the runtime applies it 5 s after start and would delete older rows), away from now
        Instant base = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(java.time.Duration.ofDays(2));
        // minute 0: scan times 1..100 ms; minute 2: one message of 7 ms; minute 1: none
        for (int ms = 100; ms >= 1; ms--) {
            fixture.runtime.store().record(message(base.plusMillis(500L * ms), ms));
        }
        fixture.runtime.store().record(message(base.plusSeconds(150), 7));
        fixture.runtime.store().flush();

        List<dev.mamori.core.store.ScanMinute> minutes = viewer.scanTimes(base, base.plusSeconds(600), 100);
        assertThat(minutes).hasSize(2);
        var first = minutes.get(0);
        assertThat(first.minute()).isEqualTo(base);
        assertThat(first.messages()).isEqualTo(100);
        assertThat(first.meanMillis()).isEqualTo(50.5);
        assertThat(first.p50Millis()).isEqualTo(50);
        assertThat(first.p99Millis()).isEqualTo(99);
        assertThat(first.maxMillis()).isEqualTo(100);
        assertThat(minutes.get(1)).isEqualTo(new dev.mamori.core.store.ScanMinute(base.plusSeconds(120), 1, 7, 7, 7, 7));
        assertThat(viewer.scanTimes(base, base.plusSeconds(600), 1)).as("the newest minute")
                .extracting(dev.mamori.core.store.ScanMinute::minute).containsExactly(base.plusSeconds(120));
        for (ObjectNode bad : List.of(
                AdminJson.MAPPER.createObjectNode().put("limit", AdminCommands.SCAN_TIMES_MAX + 1),
                AdminJson.MAPPER.createObjectNode().put("from", base.toString()).put("to", base.toString()))) {
            assertThatThrownBy(() -> viewer.call("stats.scanTimes", bad)).as(bad.toString())
                    .isInstanceOfSatisfying(AdminError.class, e -> assertThat(e.code()).isEqualTo(AdminError.BAD_REQUEST));
        }
    }

    private static dev.mamori.core.store.MessageEvent message(Instant time, long scanMillis) {
        return new dev.mamori.core.store.MessageEvent(time, "pop3", "generic", "127.0.0.1", "timing", "up:110", null,
                List.of(), null, "scan time " + scanMillis, 100, List.of(), "clean", List.of(), "delivered", scanMillis,
                null, List.of());
    }

    @Test
    void secretLookingKeysAreRedacted() {
        ObjectNode tree = AdminJson.MAPPER.createObjectNode();
        tree.putObject("notify").put("password", "hunter2").put("host", "smtp.example");
        tree.putArray("list").addObject().put("apiToken", "abc");
        JsonNode out = dev.mamori.core.admin.server.ConfigViewAccess.redact(tree);
        assertThat(out.toString()).doesNotContain("hunter2").doesNotContain("abc").contains("smtp.example");
    }
}
