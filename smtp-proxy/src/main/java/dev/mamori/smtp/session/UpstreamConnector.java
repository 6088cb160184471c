package dev.mamori.smtp.session;

import dev.mamori.core.config.SmtpRoute;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.smtp.codec.SmtpReply;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opens a ready upstream session for a client: tries the routes in order (next route on a connect failure, a 421 or
 * other non-2xx greeting, a failed EHLO, or a TLS failure), then EHLO, STARTTLS per {@code upstreamTls} with
 * certificate and host name verification, and EHLO again. With {@code required}, an upstream that does not offer
 * STARTTLS is not used at all: no mail goes to it in clear text. Runs on the client channel's event loop.
 */
public final class UpstreamConnector {
    private static final Logger LOG = LogManager.getLogger(UpstreamConnector.class);
    /** Names the TLS handler in the upstream pipeline. */
    public static final String SSL = "smtp-upstream-ssl";

    private final UpstreamTransport transport;
    private final SslContext tlsContext;
    private final UpstreamTls tlsMode;
    private final String ehloName;
    private final Duration commandTimeout;

    public UpstreamConnector(UpstreamTransport transport, SslContext tlsContext, UpstreamTls tlsMode, String ehloName,
                             Duration commandTimeout) {
        this.transport = transport;
        this.tlsContext = tlsContext;
        this.tlsMode = tlsMode;
        this.ehloName = ehloName;
        this.commandTimeout = commandTimeout;
    }

    /** Completes with a greeted (and, per policy, TLS-protected) upstream, or with {@link UpstreamUnavailableException}. */
    public CompletableFuture<Upstream> open(Channel client, List<SmtpRoute> routes) {
        CompletableFuture<Upstream> result = new CompletableFuture<>();
        attempt(client, routes, 0, result, null, false);
        return result;
    }

    private void attempt(Channel client, List<SmtpRoute> routes, int index, CompletableFuture<Upstream> result,
                         String lastReason, boolean lastTls) {
        if (!client.isActive()) {
            result.completeExceptionally(new UpstreamUnavailableException("the client left", false));
            return;
        }
        if (index >= routes.size()) {
            result.completeExceptionally(new UpstreamUnavailableException(
                    lastReason == null ? "no route" : lastReason, lastTls));
            return;
        }
        SmtpRoute route = routes.get(index);
        transport.connect(route, client)
                .thenCompose(up -> setUp(up, route))
                .whenComplete((up, e) -> {
                    if (e == null) {
                        result.complete(up);
                        return;
                    }
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    boolean tls = cause instanceof RouteFailure rf && rf.tls;
                    String reason = route.address() + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage());
                    LOG.info("SMTP upstream {} not usable ({}){}", route.address(), reason,
                            index + 1 < routes.size() ? "; trying " + routes.get(index + 1).address() : "");
                    attempt(client, routes, index + 1, result, reason, tls);
                });
    }

    /** Why a connected route was given up; {@code tls} when a TLS requirement or check failed. */
    static final class RouteFailure extends Exception {
        final boolean tls;

        RouteFailure(String message, boolean tls) {
            super(message, null, false, false);
            this.tls = tls;
        }
    }

    private CompletableFuture<Upstream> setUp(Upstream up, SmtpRoute route) {
        return up.greeting()
                .thenCompose(greeting -> {
                    if (greeting.code() != 220) {
                        throw new CompletionException(new RouteFailure("greeted with " + greeting, false));
                    }
                    return ehlo(up);
                })
                .thenCompose(caps -> startTls(up, route, caps))
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        up.close();
                    }
                });
    }

    /** EHLO, or HELO when the upstream does not know EHLO. */
    private CompletableFuture<Upstream> ehlo(Upstream up) {
        return up.send("EHLO " + ehloName, commandTimeout).thenCompose(r -> {
            if (r.code() == 250) {
                up.capabilities(Capabilities.of(r));
                return CompletableFuture.completedFuture(up);
            }
            return up.send("HELO " + ehloName, commandTimeout).thenApply(h -> {
                if (h.code() != 250) {
                    throw new CompletionException(new RouteFailure("EHLO and HELO refused: " + h, false));
                }
                up.capabilities(Capabilities.NONE);
                return up;
            });
        });
    }

    private CompletableFuture<Upstream> startTls(Upstream up, SmtpRoute route, Upstream ready) {
        if (tlsMode == UpstreamTls.NONE) {
            return CompletableFuture.completedFuture(up);
        }
        if (!up.capabilities().has("STARTTLS")) {
            if (tlsMode == UpstreamTls.REQUIRED) {
                throw new CompletionException(new RouteFailure("does not offer STARTTLS (upstreamTls: required)", true));
            }
            LOG.info("SMTP upstream {} does not offer STARTTLS; continuing in clear text (upstreamTls: opportunistic)", route.address());
            return CompletableFuture.completedFuture(up);
        }
        return up.send("STARTTLS", commandTimeout).thenCompose(r -> {
            if (r.code() != 220) {
                if (tlsMode == UpstreamTls.REQUIRED) {
                    throw new CompletionException(new RouteFailure("refused STARTTLS: " + r, true));
                }
                LOG.info("SMTP upstream {} refused STARTTLS ({}); continuing in clear text (upstreamTls: opportunistic)", route.address(), r);
                return CompletableFuture.completedFuture(up);
            }
            Channel ch = up.channel();
            SslHandler ssl = tlsContext.newHandler(ch.alloc(), route.host(), route.port());
            ch.pipeline().addFirst(SSL, ssl);
            CompletableFuture<Upstream> done = new CompletableFuture<>();
            ssl.handshakeFuture().addListener(f -> {
                if (!f.isSuccess()) {
                    // a failed check is never downgraded, whatever the mode: the upstream said it can do TLS
                    done.completeExceptionally(new RouteFailure("TLS handshake failed: " + f.cause().getMessage(), true));
                    return;
                }
                up.tls(true);
                ehlo(up).whenComplete((u, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        done.complete(u);
                    }
                });
            });
            return done;
        });
    }
}
