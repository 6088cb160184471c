package dev.mamori.core.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

import java.util.function.LongConsumer;

/**
 * Counts the bytes written to a channel, as handed to the connection (plain text: place it after the
 * {@code SslHandler}, so TLS records and handshakes are not counted and STARTTLS added later in front of it changes
 * nothing). One instance per channel; it runs on the channel's event loop and only adds to a lock-free counter.
 */
public final class WrittenBytesCounter extends ChannelOutboundHandlerAdapter {
    /** The pipeline name proxies use for it. */
    public static final String NAME = "metrics";

    private final LongConsumer counter;

    /** {@code counter} is e.g. {@code listenerMeter::upstreamToClient} on a client channel. */
    public WrittenBytesCounter(LongConsumer counter) {
        this.counter = counter;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        long n = msg instanceof ByteBuf b ? b.readableBytes()
                : msg instanceof ByteBufHolder h ? h.content().readableBytes()
                : msg instanceof FileRegion r ? r.count() - r.transferred() : 0;
        if (n > 0) {
            counter.accept(n);
        }
        ctx.write(msg, promise);
    }
}
