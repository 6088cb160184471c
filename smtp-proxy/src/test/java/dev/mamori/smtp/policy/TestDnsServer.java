package dev.mamori.smtp.policy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny authoritative-looking DNS server on a loopback UDP port for DNSBL tests: each name gets a scripted answer
 * (A records, NXDOMAIN, SERVFAIL or silence); names without a script get NXDOMAIN. Records every query name.
 */
final class TestDnsServer implements AutoCloseable {
    sealed interface Answer {
    }

    record Addresses(List<String> ips) implements Answer {
    }

    record Code(DnsResponseCode code) implements Answer {
    }

    record Silence() implements Answer {
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Answer> zoneAnswers = new ConcurrentHashMap<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final Channel channel;

    TestDnsServer() throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<NioDatagramChannel>() {
                    @Override
                    protected void initChannel(NioDatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), new Responder());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The answer for one exact name (without trailing dot). */
    void answer(String name, Answer answer) {
        answers.put(name.toLowerCase(Locale.ROOT), answer);
    }

    /** The answer for every name in a zone that has no exact answer. */
    void answerZone(String zone, Answer answer) {
        zoneAnswers.put(zone.toLowerCase(Locale.ROOT), answer);
    }

    List<String> queries() {
        return List.copyOf(queries);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Answer answerFor(String name) {
        Answer exact = answers.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Answer> e : zoneAnswers.entrySet()) {
            if (name.endsWith("." + e.getKey())) {
                return e.getValue();
            }
        }
        return new Code(DnsResponseCode.NXDOMAIN);
    }

    private final class Responder extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) throws Exception {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            String name = question.name().toLowerCase(Locale.ROOT);
            if (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            queries.add(name);
            Answer answer = answerFor(name);
            if (answer instanceof Silence) {
                return;
            }
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.setRecursionAvailable(true);
            response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
            if (answer instanceof Code c) {
                response.setCode(c.code());
            } else if (answer instanceof Addresses a) {
                for (String ip : a.ips()) {
                    byte[] bytes = InetAddress.getByName(ip).getAddress();
                    response.addRecord(DnsSection.ANSWER,
                            new DefaultDnsRawRecord(question.name(), DnsRecordType.A, 60, Unpooled.wrappedBuffer(bytes)));
                }
            }
            ctx.writeAndFlush(response);
        }
    }
}
