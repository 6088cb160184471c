package dev.mamori.smtp.session;

import dev.mamori.smtp.codec.SmtpReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Mamori's SMTP client connection to one upstream MTA. Commands go out one at a time: a command sent while another
 * waits for its reply is queued and written after that reply, so replies always match their commands and the
 * upstream never needs PIPELINING. Every future completes on the connection's event loop (the client channel's), with
 * an {@link UpstreamLostException} when the connection ends, breaks the protocol or does not answer in time.
 */
public final class Upstream extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LogManager.getLogger(Upstream.class);

    private record Pending(String line, Duration timeout, CompletableFuture<SmtpReply> reply) {
    }

    private final String route;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private Channel channel;
    private Pending inFlight;
    private ScheduledFuture<?> timer;
    private String lostReason;
    private LongConsumer bytesIn = n -> { };
    private Capabilities capabilities = Capabilities.NONE;
    private boolean tls;
    private Runnable onLost = () -> { };
    private boolean quitting;

    /** The greeting is the first reply awaited: registered before the connection exists so it cannot be missed. */
    public Upstream(String route, Duration greetingTimeout) {
        this.route = route;
        this.inFlight = new Pending(null, greetingTimeout, new CompletableFuture<>());
    }

    /** {@code host:port} of the route this connection took. */
    public String route() {
        return route;
    }

    public Channel channel() {
        return channel;
    }

    public CompletableFuture<SmtpReply> greeting() {
        return inFlight.reply();
    }

    /** The upstream's EHLO keywords from its latest EHLO answer. */
    public Capabilities capabilities() {
        return capabilities;
    }

    void capabilities(Capabilities c) {
        this.capabilities = c;
    }

    public boolean tls() {
        return tls;
    }

    void tls(boolean tls) {
        this.tls = tls;
    }

    /** Counts bytes read from the upstream (traffic metrics). */
    void onBytesIn(LongConsumer counter) {
        this.bytesIn = counter;
    }

    /** Called once when the connection is lost while no command waits (the session then ends its client's session). */
    public void onLost(Runnable r) {
        this.onLost = r;
    }

    public boolean lost() {
        return lostReason != null;
    }

    public boolean idle() {
        return inFlight == null && queue.isEmpty();
    }

    /** Sends one command line (CRLF added; the line must not contain CR or LF). */
    public CompletableFuture<SmtpReply> send(String line, Duration timeout) {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a command line must not contain CR or LF");
        }
        CompletableFuture<SmtpReply> f = new CompletableFuture<>();
        if (lostReason != null) {
            f.completeExceptionally(new UpstreamLostException(lostReason, false));
            return f;
        }
        queue.add(new Pending(line, timeout, f));
        next();
        return f;
    }

    /** Awaits a reply for which no command line is written here (the final reply after message content). */
    public CompletableFuture<SmtpReply> expect(Duration timeout) {
        CompletableFuture<SmtpReply> f = new CompletableFuture<>();
        if (lostReason != null) {
            f.completeExceptionally(new UpstreamLostException(lostReason, false));
            return f;
        }
        queue.add(new Pending(null, timeout, f));
        next();
        return f;
    }

    /** Writes raw bytes (message content); only between a 354 and {@link #expect}. */
    public ChannelFuture write(ByteBuf bytes) {
        return channel.writeAndFlush(bytes);
    }

    private void next() {
        if (inFlight != null || queue.isEmpty() || channel == null) {
            return;
        }
        Pending p = queue.poll();
        inFlight = p;
        armTimer(p); // before writing: a reply may arrive (and the next command go out) within the write
        if (p.line() != null) {
            channel.writeAndFlush(Unpooled.copiedBuffer(p.line() + "\r\n", StandardCharsets.UTF_8));
        }
    }

    private void armTimer(Pending p) {
        timer = channel.eventLoop().schedule(() -> {
            if (inFlight == p) {
                lose("no reply from " + route + " within " + p.timeout().toSeconds() + "s", true);
            }
        }, p.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (inFlight != null) {
            armTimer(inFlight);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof SmtpReply reply)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (lostReason != null) {
            return;
        }
        Pending p = inFlight;
        if (p == null) {
            // e.g. "421 idle timeout" while nothing was asked: the upstream is closing on us
            LOG.info("upstream {} said {} unasked; closing the connection", route, reply.code());
            lose("upstream " + route + " said " + reply.code() + " unasked", false);
            return;
        }
        inFlight = null;
        if (timer != null) {
            timer.cancel(false);
        }
        p.reply().complete(reply);
        next();
    }

    /** Counts raw bytes before the decoder; installed in front of it by the connector. */
    final class Counter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                bytesIn.accept(b.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        lose("connection to " + route + " closed", false);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        lose("connection to " + route + " failed: " + cause.getMessage(), false);
    }

    /** Closes the connection without QUIT; waiting commands fail. */
    public void lose(String reason, boolean timeout) {
        if (lostReason != null) {
            return;
        }
        lostReason = reason;
        boolean waiting = inFlight != null || !queue.isEmpty();
        UpstreamLostException e = new UpstreamLostException(reason, timeout);
        if (inFlight != null) {
            inFlight.reply().completeExceptionally(e);
            inFlight = null;
        }
        while (!queue.isEmpty()) {
            queue.poll().reply().completeExceptionally(e);
        }
        if (timer != null) {
            timer.cancel(false);
        }
        if (channel != null) {
            channel.close();
        }
        if (!waiting) {
            onLost.run();
        }
    }

    /** Ends the session politely: QUIT, then close whatever the answer. */
    public void quit() {
        if (lostReason != null || channel == null || quitting) {
            return;
        }
        quitting = true;
        send("QUIT", Duration.ofSeconds(10)).whenComplete((r, e) -> close());
    }

    /** Closes without QUIT (the client vanished: nothing more will be sent). */
    public void close() {
        if (lostReason == null) {
            lostReason = "closed by Mamori";
        }
        if (channel != null) {
            channel.close();
        }
    }
}
