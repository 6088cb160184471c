package dev.mamori.core.component.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mamori.core.component.ComponentKind;
import dev.mamori.core.component.ComponentVersion;
import dev.mamori.core.component.bundle.Manifest;
import dev.mamori.core.component.update.InstalledComponents;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The LAN update relay's HTTP side (JDK HttpServer on its own two threads): {@code GET /index.json},
 * {@code /index.sig} (the last index this instance accepted, byte for byte as the publisher signed it) and
 * {@code /NAME-VERSION.bundle} for the versions installed here. Nothing else is served: no listing, no other path.
 * Clients verify the publisher's signatures themselves, so the relay needs no key and cannot alter what it relays.
 * Only addresses in {@code access.clients} are served (403 otherwise).
 */
public final class RelayServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(RelayServer.class);
    private final HttpServer server;
    private final ExecutorService executor;
    private final InstalledComponents disk;
    private final Predicate<InetAddress> clients;

    private RelayServer(HttpServer server, ExecutorService executor, InstalledComponents disk, Predicate<InetAddress> clients) {
        this.server = server;
        this.executor = executor;
        this.disk = disk;
        this.clients = clients;
    }

    /** A relay for every client that can reach it (tests). */
    public static RelayServer start(InstalledComponents disk, InetSocketAddress bind) throws IOException {
        return start(disk, bind, a -> true);
    }

    /**
     * @param clients who may fetch from the relay ({@code access.clients} in a server): others get 403, like the mail
     *                listeners refuse them
     */
    public static RelayServer start(InstalledComponents disk, InetSocketAddress bind, Predicate<InetAddress> clients)
            throws IOException {
        HttpServer server = HttpServer.create(bind, 16);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mamori-relay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        RelayServer relay = new RelayServer(server, executor, disk, clients);
        server.createContext("/", relay::handle);
        server.start();
        LOG.info("Update relay serving on {}", server.getAddress());
        return relay;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!clients.test(ex.getRemoteAddress().getAddress())) {
                ex.sendResponseHeaders(403, -1);
                return;
            }
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            Optional<Path> file = resolve(ex.getRequestURI().getRawPath());
            if (file.isEmpty() || !Files.isRegularFile(file.get())) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file.get());
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, size == 0 ? -1 : size);
            try (OutputStream os = ex.getResponseBody()) {
                Files.copy(file.get(), os);
            }
        } catch (IOException e) {
            LOG.debug("Relay request from {} failed: {}", ex.getRemoteAddress(), e.toString());
        }
    }

    /** Maps a request path to a file this relay may serve, or empty. */
    Optional<Path> resolve(String path) throws IOException {
        if (path.equals("/index.json") || path.equals("/index.sig")) {
            return Optional.of(disk.root().resolve(path.substring(1)));
        }
        String name = path.startsWith("/") ? path.substring(1) : path;
        if (!Manifest.FILE_NAME_SYNTAX.matcher(name).matches() || !name.endsWith(".bundle")) {
            return Optional.empty();
        }
        for (ComponentKind k : ComponentKind.values()) {
            String prefix = k.id() + "-";
            if (name.startsWith(prefix)) {
                String version = name.substring(prefix.length(), name.length() - ".bundle".length());
                if (!ComponentVersion.isValid(version)) {
                    return Optional.empty();
                }
                return disk.bundle(k, ComponentVersion.parse(version)).filter(p -> p.getFileName().toString().equals(name));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
