package dev.mamori.core.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mamori.core.runtime.NamedThreads;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} in the Prometheus text format, served by the JDK's HTTP server on one thread of its own (never
 * on a proxy event loop). Read-only, no authentication: loopback unless the operator allowed otherwise.
 */
public final class PrometheusEndpoint implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(PrometheusEndpoint.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private PrometheusEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds and starts serving; {@code figures} adds process figures outside the traffic meter to every scrape. */
    public static PrometheusEndpoint start(InetSocketAddress bind, TrafficMeter meter,
                                           Supplier<List<PrometheusText.Figure>> figures) throws IOException {
        HttpServer server = HttpServer.create(bind, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(NamedThreads.factory("mamori-prometheus"));
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                handle(exchange, meter, figures);
            } catch (IOException | RuntimeException e) {
                LOG.debug("Prometheus scrape failed: {}", e.toString());
            }
        });
        server.start();
        LOG.info("Prometheus metrics on http://{}:{}/metrics", bind.getHostString(), server.getAddress().getPort());
        return new PrometheusEndpoint(server, executor);
    }

    private static void handle(HttpExchange exchange, TrafficMeter meter, Supplier<List<PrometheusText.Figure>> figures)
            throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        if (!exchange.getRequestURI().getPath().equals("/metrics")) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        byte[] body = PrometheusText.render(meter.snapshot(), figures.get()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The bound address (with the real port when the config said 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
