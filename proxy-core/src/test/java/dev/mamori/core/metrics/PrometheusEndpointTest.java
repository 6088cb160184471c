package dev.mamori.core.metrics;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusEndpointTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final TrafficMeter meter = new TrafficMeter(clock);

    @Test
    void scrapeOverHttpShowsTheMeterInTextFormat004() throws Exception {
        ListenerMeter pop3 = meter.listener("pop3", "main");
        pop3.sessionOpened();
        pop3.sessionOpened();
        pop3.sessionClosed();
        pop3.clientToUpstream(123);
        pop3.upstreamToClient(45_678);
        pop3.message();
        pop3.message();
        pop3.detection(List.of("virus", "blocked_attachment"));
        meter.listener("smtp", "in \"quoted\"").message();
        meter.scanQueue(() -> 3);
        meter.scanCompleted(TimeUnit.MILLISECONDS.toNanos(20));
        meter.scanCompleted(TimeUnit.MILLISECONDS.toNanos(40));
        meter.sample();

        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(new InetSocketAddress("127.0.0.1", 0), meter,
                () -> List.of(new PrometheusText.Figure("mamori_store_dropped_events_total", "counter", "Dropped.", 2)))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI uri = URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/metrics");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");

            Map<String, Double> samples = new HashMap<>();
            Map<String, String> types = new HashMap<>();
            Set<String> helped = new HashSet<>();
            for (String line : r.body().split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    String[] p = line.split(" ");
                    types.put(p[2], p[3]);
                } else if (line.startsWith("# HELP ")) {
                    helped.add(line.split(" ")[2]);
                } else if (!line.isEmpty()) {
                    int space = line.lastIndexOf(' ');
                    samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                }
            }
            assertThat(types).containsEntry("mamori_bytes_total", "counter")
                    .containsEntry("mamori_active_sessions", "gauge")
                    .containsEntry("mamori_scan_queue_depth", "gauge")
                    .containsEntry("mamori_scan_duration_seconds", "summary");
            assertThat(helped).containsAll(types.keySet());
            // every counter's name ends in _total
            types.forEach((name, type) -> {
                if (type.equals("counter")) {
                    assertThat(name).endsWith("_total");
                }
            });
            String l = "protocol=\"pop3\",listener=\"main\"";
            assertThat(samples).containsEntry("mamori_bytes_total{" + l + ",direction=\"client_to_upstream\"}", 123.0)
                    .containsEntry("mamori_bytes_total{" + l + ",direction=\"upstream_to_client\"}", 45_678.0)
                    .containsEntry("mamori_messages_total{" + l + "}", 2.0)
                    .containsEntry("mamori_detection_messages_total{" + l + "}", 1.0)
                    .containsEntry("mamori_detections_total{" + l + ",category=\"virus\"}", 1.0)
                    .containsEntry("mamori_detections_total{" + l + ",category=\"blocked_attachment\"}", 1.0)
                    .containsEntry("mamori_sessions_total{" + l + "}", 2.0)
                    .containsEntry("mamori_active_sessions{" + l + "}", 1.0)
                    .containsEntry("mamori_messages_total{protocol=\"smtp\",listener=\"in \\\"quoted\\\"\"}", 1.0)
                    .containsEntry("mamori_scan_queue_depth", 3.0)
                    .containsEntry("mamori_scan_duration_seconds_count", 2.0)
                    .containsEntry("mamori_store_dropped_events_total", 2.0);
            assertThat(samples.get("mamori_scan_duration_seconds_sum")).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(samples.get("mamori_scan_duration_seconds{quantile=\"0.99\"}")).isCloseTo(0.04, org.assertj.core.data.Offset.offset(0.001));

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + endpoint.address().getPort() + "/metrics/x")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
        }
    }
}
