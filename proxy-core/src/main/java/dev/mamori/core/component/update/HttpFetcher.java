package dev.mamori.core.component.update;

import dev.mamori.core.config.UpdateProxy;
import dev.mamori.core.tls.TlsMaterial;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads from an update source with the JDK HttpClient: certificate and host name verification against the JDK
 * trust store plus {@code upstreams.extraCaFiles}, an optional HTTP proxy with Basic credentials, redirects only to
 * the same or a safer scheme, and for every download a size limit and one deadline for the whole transfer (a source
 * that trickles bytes cannot hold the updater).
 */
public final class HttpFetcher {
    static final String TUNNELING_PROPERTY = "jdk.http.auth.tunneling.disabledSchemes";
    private final HttpClient client;
    private final Duration timeout;

    public HttpFetcher(UpdateProxy proxy, List<Path> extraCaFiles, Duration timeout, Executor executor)
            throws IOException, GeneralSecurityException {
        this.timeout = timeout;
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[]{TlsMaterial.trustManager(extraCaFiles)}, null);
        HttpClient.Builder b = HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(executor);
        if (proxy != null) {
            URI u = URI.create(proxy.url());
            b.proxy(ProxySelector.of(new InetSocketAddress(u.getHost(), u.getPort())));
            if (proxy.username() != null) {
                // The JDK refuses Basic proxy credentials for HTTPS tunnels (CONNECT) unless this property allows
                // it; an operator who configured a proxy user asked for exactly that. The JDK reads it once, at the
                // first HttpClient use in the process, so bin/mamori sets it at start (Main); this covers embedders
                // whose process has not used an HttpClient yet.
                if (System.getProperty(TUNNELING_PROPERTY) == null) {
                    System.setProperty(TUNNELING_PROPERTY, "");
                }
                String password = Files.readAllLines(proxy.passwordFile(), StandardCharsets.UTF_8).stream().findFirst().orElse("");
                String user = proxy.username();
                b.authenticator(new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return getRequestorType() == RequestorType.PROXY
                                ? new PasswordAuthentication(user, password.toCharArray()) : null;
                    }
                });
            }
        }
        this.client = b.build();
    }

    /** Downloads {@code uri} to {@code target}; more than {@code limit} bytes is refused. Returns the byte count. */
    public long download(URI uri, long limit, Path target) throws FetchException {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "*/*").GET().build();
        CompletableFuture<HttpResponse<Long>> f = client.sendAsync(req,
                info -> info.statusCode() == 200 ? new LimitedFileSubscriber(target, limit)
                        : HttpResponse.BodySubscribers.replacing(-1L));
        try {
            HttpResponse<Long> r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r.statusCode() != 200) {
                throw new FetchException(uri + ": HTTP " + r.statusCode());
            }
            return r.body();
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new FetchException("timed out: " + uri + " did not arrive within " + timeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while downloading " + uri);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof LimitedFileSubscriber.TooLargeException t) {
                throw new FetchException("too large: " + uri + " sent " + t.getMessage());
            }
            if (c instanceof HttpTimeoutException) {
                throw new FetchException("timed out: " + uri + " did not answer within " + timeout.toSeconds() + "s");
            }
            throw new FetchException("cannot download " + uri + ": " + (c == null ? e : c), c);
        }
    }

    /** A small file (index, signature) into memory. */
    public byte[] get(URI uri, int limit, Path scratch) throws FetchException {
        download(uri, limit, scratch);
        try {
            return Files.readAllBytes(scratch);
        } catch (IOException e) {
            throw new FetchException("cannot read " + scratch + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException ignored) {
                // staging is cleaned at start
            }
        }
    }
}
