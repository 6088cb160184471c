package dev.mamori.core.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;

/** Native epoll on Linux (required for transparent mode), NIO elsewhere. */
public final class Transports {
    private Transports() {
    }

    public static boolean epoll() {
        return Epoll.isAvailable() && !Boolean.getBoolean("mamori.nio");
    }

    public static EventLoopGroup group(int threads, ThreadFactory factory) {
        IoHandlerFactory io = epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, factory, io);
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> clientChannel() {
        return epoll() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * The server bootstrap every proxy listener starts from: the runtime's boss and worker groups, a backlog of 256,
     * address reuse, and for each accepted client TCP_NODELAY, no auto-read (sessions read when they are ready for
     * more, which is their back-pressure) and an adaptive receive buffer of at most {@code maxReadBytes}, one read per
     * turn of the loop, which bounds how much one client can push in before its session has looked at it.
     */
    public static ServerBootstrap proxyListener(EventLoopGroup boss, EventLoopGroup workers, int initialReadBytes,
                                                int maxReadBytes) {
        return new ServerBootstrap()
                .group(boss, workers)
                .channel(serverChannel())
                .option(ChannelOption.SO_BACKLOG, 256)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RECVBUF_ALLOCATOR,
                        new AdaptiveRecvByteBufAllocator(64, initialReadBytes, maxReadBytes).maxMessagesPerRead(1));
    }

    /**
     * Binds {@code bootstrap} to {@code address} and waits; a failure becomes a {@link BindException} that names
     * {@code what} (e.g. {@code "POP3 listener main"}) and the configured address, for the start-up error.
     */
    public static Channel bind(ServerBootstrap bootstrap, HostPort address, String what) throws BindException {
        try {
            return bootstrap.bind(new InetSocketAddress(address.host(), address.port())).sync().channel();
        } catch (Exception e) {
            throw new BindException(what + " cannot listen on " + address + ": " + e.getMessage());
        }
    }
}
