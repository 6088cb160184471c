package dev.mamori.smtp.session;

import dev.mamori.core.config.SmtpRoute;
import dev.mamori.core.net.Transports;
import dev.mamori.smtp.codec.SmtpReplyDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Connects over TCP on the client channel's event loop (so the session needs no locks). A route given by name is
 * resolved with the JDK resolver on {@code dnsExecutor}, never on the event loop.
 */
public final class NettyUpstreamTransport implements UpstreamTransport {
    /** Names a route handler in the upstream pipeline. */
    public static final String COUNTER = "smtp-upstream-counter";
    public static final String DECODER = "smtp-reply-decoder";
    public static final String UPSTREAM = "smtp-upstream";

    private final Duration connectTimeout;
    private final Duration greetingTimeout;
    private final Executor dnsExecutor;

    public NettyUpstreamTransport(Duration connectTimeout, Duration greetingTimeout, Executor dnsExecutor) {
        this.connectTimeout = connectTimeout;
        this.greetingTimeout = greetingTimeout;
        this.dnsExecutor = dnsExecutor;
    }

    @Override
    public CompletableFuture<Upstream> connect(SmtpRoute route, Channel client) {
        CompletableFuture<Upstream> result = new CompletableFuture<>();
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(route.host());
        if (literal != null) {
            try {
                connect(route, client, InetAddress.getByAddress(literal), result);
            } catch (UnknownHostException e) {
                result.completeExceptionally(e);
            }
            return result;
        }
        CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(route.host());
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, dnsExecutor).whenComplete((address, e) -> client.eventLoop().execute(() -> {
            if (e != null) {
                result.completeExceptionally(new UnknownHostException(route.host() + " cannot be resolved"));
            } else {
                connect(route, client, address, result);
            }
        }));
        return result;
    }

    private void connect(SmtpRoute route, Channel client, InetAddress address, CompletableFuture<Upstream> result) {
        Upstream upstream = new Upstream(route.address(), greetingTimeout);
        Bootstrap b = new Bootstrap()
                .group(client.eventLoop())
                .channel(Transports.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(COUNTER, upstream.new Counter());
                        ch.pipeline().addLast(DECODER, new SmtpReplyDecoder());
                        ch.pipeline().addLast(UPSTREAM, upstream);
                    }
                });
        b.connect(new InetSocketAddress(address, route.port())).addListener(f -> {
            if (f.isSuccess()) {
                result.complete(upstream);
            } else {
                result.completeExceptionally(f.cause());
            }
        });
    }
}
