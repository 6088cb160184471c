package dev.mamori.pop3;

import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.ListenerMode;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.Pop3Limits;
import dev.mamori.core.config.Pop3Listener;
import dev.mamori.core.net.ListenerAdmission;
import dev.mamori.core.net.Transports;
import dev.mamori.core.metrics.WrittenBytesCounter;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.pop3.codec.Pop3CommandDecoder;
import dev.mamori.pop3.session.Pop3Session;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The POP3 proxy: all configured POP3 listeners of one process. */
public final class Pop3Proxy implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(Pop3Proxy.class);
    /** Named pipeline handlers, so later stages (metrics, PROXY protocol) can find their place. */
    public static final String SSL = "ssl";
    public static final String IDLE = "idle";
    public static final String DECODER = "pop3-decoder";
    public static final String SESSION = "pop3-session";

    private final List<Channel> channels;
    private final List<InetSocketAddress> bound;

    private Pop3Proxy(List<Channel> channels) {
        this.channels = channels;
        this.bound = channels.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    /** Binds every configured listener (none when POP3 is disabled); throws if one cannot be bound. */
    public static Pop3Proxy start(MamoriConfig config, ProxyRuntime runtime) throws Exception {
        List<Channel> channels = new ArrayList<>();
        if (!config.pop3().enabled()) {
            LOG.info("POP3 is disabled: no POP3 listener is open, so no POP3 mail passes unscanned");
            return new Pop3Proxy(channels);
        }
        try {
            for (Pop3Listener l : config.pop3().listeners()) {
                channels.add(bind(l, runtime));
            }
        } catch (Exception e) {
            channels.forEach(Channel::close);
            throw e;
        }
        return new Pop3Proxy(channels);
    }

    private static Channel bind(Pop3Listener l, ProxyRuntime runtime) throws Exception {
        Pop3Limits limits = runtime.config().pop3().limits();
        ListenerAdmission admission = new ListenerAdmission(runtime.clientGate(), "POP3 listener " + l.name(),
                "-ERR [SYS/PERM] access denied: your address may not use this proxy",
                busy -> "-ERR [SYS/TEMP] " + busy + "; try again later");
        // clients send short commands: small reads bound how many pipelined commands one read can carry
        ServerBootstrap b = Transports.proxyListener(runtime.bossGroup(), runtime.workerGroup(), 1024, 16 * 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!admission.admit(ch)) {
                            return;
                        }
                        boolean implicit = l.tls() == ClientTls.IMPLICIT;
                        if (implicit) {
                            ch.pipeline().addLast(SSL, runtime.tls().serverContext().newHandler(ch.alloc()));
                        }
                        // after SSL: counts the plain bytes Mamori writes to the client, STLS or not
                        ch.pipeline().addLast(WrittenBytesCounter.NAME,
                                new WrittenBytesCounter(runtime.traffic().listener("pop3", l.name())::upstreamToClient));
                        ch.pipeline().addLast(IDLE, new IdleStateHandler(0, 0,
                                limits.clientIdleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        Pop3CommandDecoder decoder = new Pop3CommandDecoder(limits.maxCommandLength());
                        ch.pipeline().addLast(DECODER, decoder);
                        ch.pipeline().addLast(SESSION, new Pop3Session(runtime, l, decoder, implicit));
                    }
                });
        if (l.mode() == ListenerMode.TRANSPARENT) {
            if (!Transports.epoll()) {
                throw new IllegalStateException("listener " + l.name() + ": transparent mode needs Linux (epoll)");
            }
            b.option(EpollChannelOption.IP_TRANSPARENT, true);
        }
        Channel ch = Transports.bind(b, l.bind(), "POP3 listener " + l.name());
        LOG.info("POP3 listener {} ({}, client TLS {}) listening on {}{}", l.name(), l.mode().yaml(), l.tls().yaml(),
                ch.localAddress(), l.upstream() != null ? " for upstream " + l.upstream().host() + ":" + l.upstream().port() : "");
        return ch;
    }

    public List<InetSocketAddress> boundAddresses() {
        return bound;
    }

    @Override
    public void close() {
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
