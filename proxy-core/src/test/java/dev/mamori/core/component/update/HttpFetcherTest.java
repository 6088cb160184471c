package dev.mamori.core.component.update;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mamori.core.config.UpdateProxy;
import dev.mamori.core.tls.Pem;
import dev.mamori.core.tls.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads over HTTPS with an extra CA (and refused without it), through an HTTP proxy with credentials, with limits. */
class HttpFetcherTest {
    @TempDir
    Path tmp;
    final ExecutorService exec = Executors.newCachedThreadPool();
    final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        exec.shutdownNow();
    }

    /** An HTTPS server for localhost/127.0.0.1 answering "signed index"; returns its port, writes its CA to ca. */
    private int httpsServer(Path ca) throws Exception {
        SelfSignedCertificate.Generated g = SelfSignedCertificate.generate("updates", List.of("localhost"),
                List.of("127.0.0.1"), Duration.ofDays(2));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", g.keyPair().getPrivate(), "pw".toCharArray(), new Certificate[]{g.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.setExecutor(exec);
        server.createContext("/", ex -> {
            byte[] b = "signed index".getBytes();
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        closeables.add(() -> server.stop(0));
        Files.writeString(ca, Pem.encodeCertificate(g.certificate()));
        return server.getAddress().getPort();
    }

    @Test
    void httpsIsVerifiedAgainstTheJdkTrustAndTheExtraCas() throws Exception {
        Path ca = tmp.resolve("ca.pem");
        int port = httpsServer(ca);
        URI uri = URI.create("https://localhost:" + port + "/index.json");

        HttpFetcher untrusting = new HttpFetcher(null, List.of(), Duration.ofSeconds(20), exec);
        assertThatThrownBy(() -> untrusting.get(uri, 1000, tmp.resolve("a")))
                .isInstanceOf(FetchException.class).hasMessageContaining("cannot download");

        HttpFetcher trusting = new HttpFetcher(null, List.of(ca), Duration.ofSeconds(20), exec);
        assertThat(new String(trusting.get(uri, 1000, tmp.resolve("b")))).isEqualTo("signed index");

        // the certificate names localhost and 127.0.0.1 only: another name for the same server is refused
        URI otherName = URI.create("https://127.0.0.2:" + port + "/index.json");
        assertThatThrownBy(() -> trusting.get(otherName, 1000, tmp.resolve("c"))).isInstanceOf(FetchException.class);

        assertThatThrownBy(() -> trusting.get(uri, 5, tmp.resolve("d"))).hasMessageContaining("too large");
    }

    @Test
    void anHttpProxyWithCredentials() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.json"), "{\"via\":\"proxy\"}");
        List<String> seen = new CopyOnWriteArrayList<>();
        ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeables.add(proxy);
        String expected = "Basic " + Base64.getEncoder().encodeToString("mamori:s3cret pass".getBytes(StandardCharsets.UTF_8));
        exec.submit(() -> {
            while (!proxy.isClosed()) {
                try (Socket s = proxy.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    String requestLine = in.readLine();
                    String auth = null;
                    for (String h; (h = in.readLine()) != null && !h.isEmpty(); ) {
                        if (h.regionMatches(true, 0, "Proxy-Authorization:", 0, 20)) {
                            auth = h.substring(20).strip();
                        }
                    }
                    seen.add(requestLine + " auth=" + (auth != null));
                    OutputStream out = s.getOutputStream();
                    if (!expected.equals(auth)) {
                        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"office\"\r\n"
                                + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    } else {
                        String path = URI.create(requestLine.split(" ")[1]).getPath();
                        byte[] body = Files.readAllBytes(site.resolve(path.substring(1)));
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.write(body);
                    }
                    out.flush();
                } catch (Exception e) {
                    if (!proxy.isClosed()) {
                        seen.add("proxy error " + e);
                    }
                }
            }
            return null;
        });
        Path password = tmp.resolve("proxy-password");
        Files.writeString(password, "s3cret pass\n");
        HttpFetcher fetcher = new HttpFetcher(new UpdateProxy("http://127.0.0.1:" + proxy.getLocalPort(), "mamori", password),
                List.of(), Duration.ofSeconds(20), exec);
        // the origin name is never resolved by Mamori: the proxy fetches it
        byte[] got = fetcher.get(URI.create("http://updates.example.invalid/index.json"), 1000, tmp.resolve("x"));
        assertThat(new String(got)).isEqualTo("{\"via\":\"proxy\"}");
        assertThat(seen).containsExactly("GET http://updates.example.invalid/index.json HTTP/1.1 auth=false",
                "GET http://updates.example.invalid/index.json HTTP/1.1 auth=true");
    }

    @Test
    void httpsThroughAnAuthenticatingProxyTunnel() throws Exception {
        Path ca = tmp.resolve("ca.pem");
        int httpsPort = httpsServer(ca);
        List<String> seen = new CopyOnWriteArrayList<>();
        ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeables.add(proxy);
        String expected = "Basic " + Base64.getEncoder().encodeToString("mamori:pw".getBytes(StandardCharsets.UTF_8));
        exec.submit(() -> {
            while (!proxy.isClosed()) {
                Socket s = proxy.accept();
                exec.submit(() -> tunnel(s, expected, httpsPort, seen));
            }
            return null;
        });
        Path password = tmp.resolve("pw");
        Files.writeString(password, "pw");
        HttpFetcher fetcher = new HttpFetcher(new UpdateProxy("http://127.0.0.1:" + proxy.getLocalPort(), "mamori", password),
                List.of(ca), Duration.ofSeconds(20), exec);
        byte[] got = fetcher.get(URI.create("https://localhost:" + httpsPort + "/index.json"), 1000, tmp.resolve("t"));
        assertThat(new String(got)).isEqualTo("signed index");
        assertThat(seen).containsExactly("CONNECT localhost:" + httpsPort + " HTTP/1.1 auth=false",
                "CONNECT localhost:" + httpsPort + " HTTP/1.1 auth=true");
    }

    /** A CONNECT proxy for one connection: 407 without the right credentials, else a byte pipe to the HTTPS port. */
    private Void tunnel(Socket client, String expectedAuth, int port, List<String> seen) throws Exception {
        try (client) {
            var in = client.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.append((char) b);
            }
            String[] lines = head.toString().split("\r\n");
            String auth = null;
            for (String h : lines) {
                if (h.regionMatches(true, 0, "Proxy-Authorization:", 0, 20)) {
                    auth = h.substring(20).strip();
                }
            }
            seen.add(lines[0] + " auth=" + (auth != null));
            OutputStream out = client.getOutputStream();
            if (!expectedAuth.equals(auth)) {
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"office\"\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                // keep the connection: the JDK may retry on it; read the next request head
                return tunnel(client, expectedAuth, port, seen);
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                var up = exec.submit(() -> {
                    upstream.getInputStream().transferTo(out);
                    return null;
                });
                try {
                    in.transferTo(upstream.getOutputStream());
                } catch (java.io.IOException ignored) {
                    // closed by either side
                }
                upstream.shutdownOutput();
                up.get(20, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        return null;
    }

    @Test
    void httpErrorsAreNamed() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("empty"));
        try (UpdateServer server = new UpdateServer(site)) {
            HttpFetcher f = new HttpFetcher(null, List.of(), Duration.ofSeconds(20), exec);
            assertThatThrownBy(() -> f.get(URI.create(server.url() + "index.json"), 1000, tmp.resolve("y")))
                    .hasMessage(server.url() + "index.json: HTTP 404");
        }
    }
}
