package dev.mamori.pop3.session;

import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.net.HostPort;
import dev.mamori.core.net.Transports;
import dev.mamori.core.metrics.ListenerMeter;
import dev.mamori.core.metrics.WrittenBytesCounter;
import dev.mamori.core.runtime.ProxyRuntime;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Opens an upstream POP3 session on the client's event loop and brings it to the point where a login can be sent:
 * TCP connect, implicit TLS or STLS as the policy demands (certificate and host name verified), greeting, and
 * capabilities read again after TLS. {@link UpstreamTls#REQUIRED} never falls back to plain text.
 */
public final class UpstreamConnector {
    private static final Logger LOG = LogManager.getLogger(UpstreamConnector.class);
    static final String SSL = "ssl";
    static final String IDLE = "idle";
    static final String POP3 = "pop3-upstream";
    private static final int MAX_CAPA_LINES = 200;

    private final ProxyRuntime runtime;
    private final int maxLineLength;
    private final ListenerMeter meter;

    /** {@code meter} counts the bytes written to the upstream (client to upstream). */
    public UpstreamConnector(ProxyRuntime runtime, int maxLineLength, ListenerMeter meter) {
        this.runtime = runtime;
        this.maxLineLength = maxLineLength;
        this.meter = meter;
    }

    /**
     * @param loop    the client channel's event loop
     * @param address the checked address to connect to
     * @param tlsName the host name the certificate must match (the name the client asked for, or the IP literal)
     * @param tls     the TLS mode decided by policy
     */
    public CompletionStage<ConnectedUpstream> connect(EventLoop loop, InetSocketAddress address, String tlsName,
                                                      UpstreamTls tls, String sessionName) {
        CompletableFuture<ConnectedUpstream> result = new CompletableFuture<>();
        String display = HostPort.of(tlsName, address.getPort()).toString();
        UpstreamConnection conn = new UpstreamConnection(sessionName + " upstream " + display, maxLineLength);
        long timeoutMs = runtime.config().upstreams().connectTimeout().toMillis();
        long idleSeconds = runtime.config().upstreams().idleTimeout().toSeconds();
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(Transports.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls == UpstreamTls.IMPLICIT) {
                            ch.pipeline().addLast(SSL, sslHandler(ch, tlsName, address.getPort(), timeoutMs));
                        }
                        ch.pipeline().addLast(WrittenBytesCounter.NAME, new WrittenBytesCounter(meter::clientToUpstream));
                        ch.pipeline().addLast(IDLE, new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS));
                        ch.pipeline().addLast(POP3, conn);
                    }
                });
        // One deadline for the whole set-up (connect, TLS, greeting, CAPA, STLS): a server that accepts and then
        // says nothing must not hold the client until the idle timeout.
        ScheduledFuture<?> deadline = loop.schedule(() -> {
            if (result.completeExceptionally(new UpstreamFailure("-ERR [SYS/TEMP] upstream " + display
                    + " did not answer in time"))) {
                runtime.upstreamHealth().failed(display, "no answer within " + timeoutMs * 2 + " ms");
                conn.close();
            }
        }, timeoutMs * 2, TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> {
            deadline.cancel(false);
            if (e == null) {
                runtime.upstreamHealth().succeeded(display);
            }
        });

        ChannelFuture cf = b.connect(address);
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                runtime.upstreamHealth().failed(display, Reasons.of(f.cause()));
                result.completeExceptionally(new UpstreamFailure("-ERR [SYS/TEMP] upstream " + display
                        + " unreachable (" + Reasons.of(f.cause()) + ")"));
                return;
            }
            SslHandler implicit = cf.channel().pipeline().get(SslHandler.class);
            if (implicit != null) {
                implicit.handshakeFuture().addListener(h -> {
                    if (!h.isSuccess()) {
                        fail(result, conn, "-ERR [SYS/PERM] upstream " + display + ": " + Reasons.of(h.cause()));
                    } else {
                        greeting(conn, tls, tlsName, address.getPort(), display, timeoutMs, result);
                    }
                });
            } else {
                greeting(conn, tls, tlsName, address.getPort(), display, timeoutMs, result);
            }
        });
        return result;
    }

    private void greeting(UpstreamConnection conn, UpstreamTls tls, String tlsName, int port, String display,
                          long timeoutMs, CompletableFuture<ConnectedUpstream> result) {
        conn.await(UpstreamConnection.Expect.SINGLE, new Collecting() {
            @Override
            void done(String status, List<String> lines) {
                if (!status.startsWith("+OK")) {
                    fail(result, conn, "-ERR [SYS/TEMP] upstream " + display + " refused the session: " + Reasons.sanitize(status));
                    return;
                }
                capabilities(conn, status, tls, tlsName, port, display, timeoutMs, result);
            }

            @Override
            void error(String reason) {
                fail(result, conn, "-ERR [SYS/TEMP] upstream " + display + ": " + reason);
            }
        });
    }

    private void capabilities(UpstreamConnection conn, String greeting, UpstreamTls tls, String tlsName, int port,
                              String display, long timeoutMs, CompletableFuture<ConnectedUpstream> result) {
        conn.send("CAPA\r\n", UpstreamConnection.Expect.MULTI, new Collecting() {
            @Override
            void done(String status, List<String> caps) {
                List<String> capabilities = status.startsWith("+OK") ? caps : List.of();
                boolean secured = conn.channel().pipeline().get(SslHandler.class) != null;
                if (secured || tls == UpstreamTls.NONE) {
                    result.complete(new ConnectedUpstream(conn, greeting, capabilities, secured));
                    return;
                }
                boolean offersStls = capabilities.stream().anyMatch(c -> c.equalsIgnoreCase("STLS"));
                if (offersStls) {
                    startTls(conn, greeting, tlsName, port, display, timeoutMs, result);
                } else if (tls == UpstreamTls.REQUIRED) {
                    LOG.warn("{}: upstream does not offer STLS; refusing the login because TLS is required", conn.name());
                    fail(result, conn, "-ERR [SYS/PERM] upstream " + display
                            + " does not offer STLS and TLS is required here; your password was not sent");
                } else {
                    LOG.info("{}: upstream does not offer STLS; continuing in plain text (tls: opportunistic)", conn.name());
                    result.complete(new ConnectedUpstream(conn, greeting, capabilities, false));
                }
            }

            @Override
            void error(String reason) {
                fail(result, conn, "-ERR [SYS/TEMP] upstream " + display + ": " + reason);
            }
        });
    }

    private void startTls(UpstreamConnection conn, String greeting, String tlsName, int port, String display,
                          long timeoutMs, CompletableFuture<ConnectedUpstream> result) {
        conn.send("STLS\r\n", UpstreamConnection.Expect.SINGLE_THEN_DISCARD, new Collecting() {
            @Override
            void done(String status, List<String> ignored) {
                if (!status.startsWith("+OK")) {
                    fail(result, conn, "-ERR [SYS/PERM] upstream " + display + " refused STLS: " + Reasons.sanitize(status));
                    return;
                }
                Channel ch = conn.channel();
                SslHandler ssl = sslHandler(ch, tlsName, port, timeoutMs);
                ch.pipeline().addFirst(SSL, ssl);
                ssl.handshakeFuture().addListener((Future<Channel> h) -> {
                    if (!h.isSuccess()) {
                        fail(result, conn, "-ERR [SYS/PERM] upstream " + display + ": " + Reasons.of(h.cause()));
                    } else {
                        // capabilities may differ once encrypted (RFC 2595 section 4): read them again
                        capabilities(conn, greeting, UpstreamTls.REQUIRED, tlsName, port, display, timeoutMs, result);
                    }
                });
            }

            @Override
            void error(String reason) {
                fail(result, conn, "-ERR [SYS/TEMP] upstream " + display + ": " + reason);
            }
        });
    }

    private SslHandler sslHandler(Channel ch, String tlsName, int port, long timeoutMs) {
        // The peer host enables host name verification (and SNI for names; IP literals are verified against IP SANs).
        SslHandler h = runtime.tls().clientContext().newHandler(ch.alloc(), tlsName, port);
        h.setHandshakeTimeoutMillis(timeoutMs);
        return h;
    }

    private static void fail(CompletableFuture<ConnectedUpstream> result, UpstreamConnection conn, String reply) {
        if (result.completeExceptionally(new UpstreamFailure(reply))) {
            conn.close();
        }
    }

    /** Collects a (possibly multi-line) answer into lines, bounded. */
    private abstract static class Collecting implements UpstreamConnection.ResponseListener {
        private final StringBuilder body = new StringBuilder();
        private String status;
        private boolean overflow;

        @Override
        public void status(String line) {
            status = line;
        }

        @Override
        public void body(io.netty.buffer.ByteBuf slice) {
            try {
                if (body.length() + slice.readableBytes() > MAX_CAPA_LINES * 100) {
                    overflow = true;
                } else {
                    body.append(slice.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            } finally {
                slice.release();
            }
        }

        @Override
        public void end() {
            if (overflow) {
                error("upstream capability list too long");
                return;
            }
            List<String> lines = new ArrayList<>();
            for (String l : body.toString().split("\r?\n")) {
                if (!l.isEmpty()) {
                    lines.add(l.startsWith(".") ? l.substring(1) : l);
                }
            }
            done(status, lines);
        }

        @Override
        public void failed(String reason) {
            error(reason);
        }

        abstract void done(String status, List<String> lines);

        abstract void error(String reason);
    }
}
