package dev.mamori.smtp;

import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.SmtpListener;
import dev.mamori.core.net.ListenerAdmission;
import dev.mamori.core.net.Transports;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.smtp.policy.SmtpPolicy;
import dev.mamori.smtp.session.NettyUpstreamTransport;
import dev.mamori.smtp.session.RouteSelector;
import dev.mamori.smtp.session.SmtpSession;
import dev.mamori.smtp.session.UpstreamConnector;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** The SMTP proxy: all configured SMTP listeners of one process. */
public final class SmtpProxy implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(SmtpProxy.class);
    /** Named pipeline handlers of a client channel. */
    public static final String PROXY_PROTOCOL = "proxy-protocol";
    public static final String SSL = "ssl";
    public static final String SESSION = "smtp-session";
    /** How long a TCP connect to an upstream route may take before the next route is tried. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final List<Channel> channels;
    private final List<InetSocketAddress> bound;

    private SmtpProxy(List<Channel> channels) {
        this.channels = channels;
        this.bound = channels.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    /**
     * Binds every configured SMTP listener (none when SMTP is disabled); throws if one cannot be bound.
     *
     * @param policy the gateway policy consulted at connect, MAIL, RCPT and after each accepted message
     */
    public static SmtpProxy start(MamoriConfig config, ProxyRuntime runtime, SmtpPolicy policy) throws Exception {
        Objects.requireNonNull(policy, "policy");
        List<Channel> channels = new ArrayList<>();
        if (!config.smtp().enabled()) {
            LOG.info("SMTP is disabled: no SMTP listener is open");
            return new SmtpProxy(channels);
        }
        try {
            for (SmtpListener l : config.smtp().listeners()) {
                channels.add(bind(l, runtime, policy));
            }
        } catch (Exception e) {
            channels.forEach(Channel::close);
            throw e;
        }
        return new SmtpProxy(channels);
    }

    private static Channel bind(SmtpListener l, ProxyRuntime runtime, SmtpPolicy policy) throws Exception {
        if (l.tls() != ClientTls.NONE && runtime.tls().serverContext() == null) {
            throw new IllegalStateException("SMTP listener " + l.name() + ": tls " + l.tls().yaml() + " needs a server certificate");
        }
        Duration commandTimeout = runtime.config().smtp().limits().commandTimeout();
        UpstreamConnector connector = new UpstreamConnector(
                new NettyUpstreamTransport(CONNECT_TIMEOUT, commandTimeout, runtime.ioExecutor()),
                runtime.tls().clientContext(), l.upstreamTls(), runtime.config().server().name(), commandTimeout);
        RouteSelector routes = new RouteSelector(l.routes());
        ListenerAdmission admission = new ListenerAdmission(runtime.clientGate(), "SMTP listener " + l.name(),
                "554 5.7.1 Access denied: your address may not use this server",
                busy -> "421 4.7.0 " + busy + "; try again later");
        ServerBootstrap b = Transports.proxyListener(runtime.bossGroup(), runtime.workerGroup(), 2048, 64 * 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // access.clients and the connection limits, as for POP3. Behind a load balancer (PROXY
                        // protocol) this sees the balancer; the original client then meets the gateway policy.
                        if (!admission.admit(ch)) {
                            return;
                        }
                        if (l.proxyProtocol()) {
                            ch.pipeline().addLast(PROXY_PROTOCOL, new HAProxyMessageDecoder());
                        }
                        if (l.tls() == ClientTls.IMPLICIT) {
                            ch.pipeline().addLast(SSL, runtime.tls().serverContext().newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(SESSION, new SmtpSession(runtime, l, policy, connector, routes,
                                runtime.scanService()));
                    }
                });
        Channel ch = Transports.bind(b, l.bind(), "SMTP listener " + l.name());
        LOG.info("SMTP listener {} (client TLS {}, upstream TLS {}{}) listening on {}, routes {}", l.name(), l.tls().yaml(),
                l.upstreamTls().yaml(), l.proxyProtocol() ? ", PROXY protocol" : "", ch.localAddress(),
                l.routes().stream().map(r -> r.address() + " pref " + r.preference()).toList());
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
