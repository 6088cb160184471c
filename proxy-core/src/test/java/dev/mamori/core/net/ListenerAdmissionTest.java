package dev.mamori.core.net;

import dev.mamori.core.config.AccessSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Real loopback sockets through a Netty listener that admits with {@link ListenerAdmission}. */
class ListenerAdmissionTest {
    private EventLoopGroup group;
    private Channel server;
    private ClientGate gate;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private InetSocketAddress listen(AccessSettings access, boolean failAfterAdmission) throws InterruptedException {
        gate = new ClientGate(access, Clock.systemUTC());
        ListenerAdmission admission = new ListenerAdmission(gate, "TEST listener t", "NO denied", busy -> "BUSY " + busy);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!admission.admit(ch)) {
                            return;
                        }
                        if (failAfterAdmission) {
                            throw new IllegalStateException("pipeline set-up failed");
                        }
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                ctx.writeAndFlush(Unpooled.copiedBuffer("HELLO\r\n", StandardCharsets.US_ASCII));
                            }

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ((ByteBuf) msg).release();
                                ctx.close();
                            }
                        });
                    }
                }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        return (InetSocketAddress) server.localAddress();
    }

    /** The release happens on the event loop after the close: poll for it (bounded). */
    private void awaitNoConnections() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (gate.activeConnections() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(gate.activeConnections()).isZero();
    }

    private static String firstLine(Socket s) throws Exception {
        s.setSoTimeout(10_000);
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    @Test
    void aClientOutsideTheAclGetsTheDeniedReplyAndTakesNoSlot() throws Exception {
        InetSocketAddress addr = listen(new AccessSettings(List.of(Cidr.parse("192.0.2.0/24")), 10, 2, null), false);
        try (Socket s = new Socket(addr.getAddress(), addr.getPort())) {
            assertThat(firstLine(s)).isEqualTo("NO denied");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(gate.activeConnections()).isZero();
    }

    @Test
    void overThePerAddressLimitTheBusyReplyNamesTheReasonAndAClosedConnectionFreesItsSlot() throws Exception {
        InetSocketAddress addr = listen(new AccessSettings(null, 10, 1, null), false);
        try (Socket first = new Socket(addr.getAddress(), addr.getPort())) {
            assertThat(firstLine(first)).isEqualTo("HELLO");
            try (Socket second = new Socket(addr.getAddress(), addr.getPort())) {
                assertThat(firstLine(second)).isEqualTo("BUSY too many connections from your address");
            }
            assertThat(gate.activeConnections()).isEqualTo(1);
            first.getOutputStream().write("BYE\r\n".getBytes(StandardCharsets.US_ASCII));
            first.getOutputStream().flush();
            assertThat(first.getInputStream().read()).isEqualTo(-1);
        }
        awaitNoConnections();
        try (Socket third = new Socket(addr.getAddress(), addr.getPort())) {
            assertThat(firstLine(third)).isEqualTo("HELLO");
        }
    }

    @Test
    void aFailureWhileBuildingThePipelineDoesNotLeakTheSlot() throws Exception {
        InetSocketAddress addr = listen(new AccessSettings(null, 10, 1, null), true);
        for (int i = 0; i < 3; i++) {
            try (Socket s = new Socket(addr.getAddress(), addr.getPort())) {
                s.setSoTimeout(10_000);
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            awaitNoConnections();
        }
    }
}
