package dev.mamori.core.runtime;

import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyRuntimeTest {
    @TempDir
    Path dataDir;

    @Test
    void startRemovesTransientCopiesLeftByACrashAndNothingElse() throws Exception {
        Files.createDirectories(dataDir.resolve("spool"));
        Files.createDirectories(dataDir.resolve("scan-tmp"));
        Files.createDirectories(dataDir.resolve("quarantine"));
        Path spoolLeft = Files.writeString(dataDir.resolve("spool/spool-123-abc.tmp"), "half a message");
        Path itemLeft = Files.writeString(dataDir.resolve("scan-tmp/item-42.tmp"), "an attachment");
        Path foreign = Files.writeString(dataDir.resolve("spool/README"), "not ours to delete");
        Path quarantined = Files.writeString(dataDir.resolve("quarantine/Q-20260101-00000000.eml"), "kept");

        MamoriConfig config = new MamoriConfig(new ServerSettings("t", dataDir), null, null, null, null);
        try (ProxyRuntime runtime = ProxyRuntime.start(config)) {
            assertThat(runtime.engines()).extracting(e -> e.name()).containsExactly("signatures", "heuristics");
        }
        assertThat(spoolLeft).doesNotExist();
        assertThat(itemLeft).doesNotExist();
        assertThat(foreign).exists();
        assertThat(quarantined).exists();
    }

    @Test
    void metricsAreSampledServedAndWrittenPerMinute() throws Exception {
        MamoriConfig base = new MamoriConfig(new ServerSettings("t", dataDir), null, null, null, null);
        MamoriConfig config = new MamoriConfig(base.server(), base.access(), base.upstreams(), base.tls(), base.pop3(),
                base.scan(), new dev.mamori.core.config.MetricsSettings(new dev.mamori.core.config.PrometheusSettings(
                true, dev.mamori.core.net.HostPort.parse("127.0.0.1:0"), null)), null, null);
        java.time.Instant started = java.time.Instant.now();
        try (ProxyRuntime runtime = ProxyRuntime.start(config)) {
            var meter = runtime.traffic().listener("pop3", "main");
            meter.sessionOpened();
            meter.upstreamToClient(4321);
            meter.message();
            java.util.concurrent.CountDownLatch sampled = new java.util.concurrent.CountDownLatch(2);
            runtime.traffic().subscribe(s -> sampled.countDown());
            assertThat(sampled.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue(); // the 1 Hz sampler runs
            assertThat(runtime.traffic().history()).hasSizeGreaterThanOrEqualTo(2);

            var http = java.net.http.HttpClient.newHttpClient();
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                            + runtime.prometheusAddress().getPort() + "/metrics")).timeout(java.time.Duration.ofSeconds(30)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).contains(
                    "mamori_bytes_total{protocol=\"pop3\",listener=\"main\",direction=\"upstream_to_client\"} 4321",
                    "mamori_scan_queue_depth 0", "mamori_store_dropped_events_total 0");
        }
        // closing wrote the minute in progress
        try (var store = dev.mamori.core.store.EventStore.open(dataDir)) {
            var rows = store.queries().statsHistory("pop3", started.minusSeconds(120), java.time.Instant.now().plusSeconds(60));
            assertThat(rows).extracting(r -> r.bytesOut()).containsExactly(4321L);
            assertThat(rows.getFirst().messages()).isEqualTo(1);
            assertThat(rows.getFirst().sessions()).isEqualTo(1);
        }
    }

    @Test
    void housekeepingAppliesTheConfiguredStoreRetention() throws Exception {
        MamoriConfig config = dev.mamori.core.config.ConfigLoader.parse(
                "server: {name: t}\nstore:\n  retention: {audit: 7d}\n", "retention.yaml", dataDir).withDataDir(dataDir);
        assertThat(config.store().retention().audit()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(config.store().retention().messages()).isEqualTo(java.time.Duration.ofDays(90));
        java.time.Instant now = java.time.Instant.now();
        try (ProxyRuntime runtime = ProxyRuntime.start(config)) {
            runtime.store().record(new dev.mamori.core.store.AuditEvent(now.minus(java.time.Duration.ofDays(8)), "admin",
                    "service.disable", "pop3", null, "ok"));
            runtime.store().record(new dev.mamori.core.store.AuditEvent(now.minus(java.time.Duration.ofDays(6)), "admin",
                    "service.enable", "pop3", null, "ok"));
            runtime.store().flush();
            runtime.housekeepingNow();
            runtime.store().flush();
            assertThat(runtime.store().queries().auditLog(now.minus(java.time.Duration.ofDays(30)), now, null, 100))
                    .extracting(dev.mamori.core.store.AuditEvent::action).containsExactly("service.enable");
        }
    }
}
