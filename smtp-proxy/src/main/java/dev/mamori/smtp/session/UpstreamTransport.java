package dev.mamori.smtp.session;

import dev.mamori.core.config.SmtpRoute;
import io.netty.channel.Channel;

import java.util.concurrent.CompletableFuture;

/**
 * Opens the TCP connection of one route and installs an {@link Upstream} on it (on the client channel's event loop).
 * The future completes, on that loop, when the connection is up; the greeting is then awaited through
 * {@link Upstream#greeting()}. Tests replace the network with embedded channels.
 */
public interface UpstreamTransport {
    CompletableFuture<Upstream> connect(SmtpRoute route, Channel client);
}
