package dev.mamori.core.component.update;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A static file server for update tests (JDK HttpServer on loopback, port 0); selected files can hang. */
public final class UpdateServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-update-server");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> slow = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);
    public final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    public UpdateServer(Path dir) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            String name = ex.getRequestURI().getPath().substring(1);
            Path f = dir.resolve(name).normalize();
            try (ex) {
                if (!f.startsWith(dir) || !Files.isRegularFile(f)) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(f);
                if (slow.contains(name)) {
                    // headers and half the body, then nothing until the test ends
                    ex.sendResponseHeaders(200, body.length);
                    OutputStream os = ex.getResponseBody();
                    os.write(body, 0, body.length / 2);
                    os.flush();
                    release.await(60, TimeUnit.SECONDS);
                    return;
                }
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public void slow(String file) {
        slow.add(file);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
