package dev.mamori.pop3.session;

import dev.mamori.pop3.codec.MultilineBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Mamori's side of one upstream POP3 connection: sends one command at a time and parses its answer as the command
 * requires (one line, or a multi-line body when the status is {@code +OK}). Runs on the client channel's event loop,
 * so it needs no locks. Answers are handed to a {@link ResponseListener}; body bytes stay dot-stuffed.
 */
public final class UpstreamConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LogManager.getLogger(UpstreamConnection.class);

    /** How to read the next answer. */
    public enum Expect {
        /** One status line. */
        SINGLE,
        /** A status line, and a multi-line body if it is {@code +OK}. */
        MULTI,
        /** One status line; discard anything after it in the same read (STLS: bytes before the handshake). */
        SINGLE_THEN_DISCARD
    }

    /** Receives one answer. Exactly one of {@link #end()} or {@link #failed(String)} ends it. */
    public interface ResponseListener {
        /** The status line without its line ending (ISO-8859-1, so it re-encodes to the same bytes). */
        void status(String line);

        /** A slice of the dot-stuffed body; the listener must release it. */
        default void body(ByteBuf slice) {
            slice.release();
        }

        /** Called once after the last body slice of a multi-line answer, with the un-dot-stuffed length. */
        default void bodyEnd(long contentBytes) {
        }

        void end();

        void failed(String reason);
    }

    /** Notified when the connection goes away while no answer is expected. */
    public interface CloseListener {
        void upstreamClosed(String reason);
    }

    private final int maxLineLength;
    private final ByteBuf statusLine = Unpooled.buffer(128);
    private final String name;
    private Channel channel;
    private Expect expect;
    private ResponseListener listener;
    private MultilineBody body;
    private CloseListener closeListener;
    private Runnable readComplete;
    private String closeReason;
    private ByteBuf backlog;

    public UpstreamConnection(String name, int maxLineLength) {
        this.name = name;
        this.maxLineLength = maxLineLength;
    }

    /** Expects an answer without sending anything (the greeting). */
    public void await(Expect kind, ResponseListener l) {
        if (listener != null) {
            throw new IllegalStateException("an answer is already expected");
        }
        this.expect = kind;
        this.listener = l;
        this.body = null;
        drainBacklog();
        if (listener == l && !channel.isActive()) {
            fail(closeReason != null ? closeReason : "upstream connection closed");
        }
    }

    /** Sends {@code line} (which must already end in CRLF and contain no other line break) and expects its answer. */
    public void send(String line, Expect kind, ResponseListener l) {
        if (!channel.isActive()) {
            await(kind, l); // fails the listener with the close reason
            return;
        }
        channel.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.ISO_8859_1));
        await(kind, l);
    }

    public void onClose(CloseListener l) {
        this.closeListener = l;
    }

    public void onReadComplete(Runnable r) {
        this.readComplete = r;
    }

    public Channel channel() {
        return channel;
    }

    public String name() {
        return name;
    }

    public boolean isActive() {
        return channel != null && channel.isActive();
    }

    public void close() {
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            process(in);
        } finally {
            in.release();
        }
    }

    private void process(ByteBuf in) {
        while (in.isReadable()) {
            if (listener == null) {
                keep(in);
                return;
            }
            if (body == null) {
                if (!readStatus(in)) {
                    return;
                }
            } else {
                ResponseListener l = listener;
                if (body.feed(in, l::body)) {
                    long content = body.contentBytes();
                    listener = null;
                    body = null;
                    l.bodyEnd(content);
                    l.end();
                }
            }
        }
    }

    /**
     * Bytes that arrive while no answer is expected: the greeting can come before the connect listener ran, and a
     * server may announce a disconnect. They are kept (bounded) and read as the next answer.
     */
    private void keep(ByteBuf in) {
        if (backlog == null) {
            backlog = channel.alloc().buffer(Math.max(64, in.readableBytes()));
        }
        if (backlog.readableBytes() + in.readableBytes() > maxLineLength) {
            String text = in.toString(in.readerIndex(), Math.min(in.readableBytes(), 120), StandardCharsets.ISO_8859_1).strip();
            LOG.debug("{}: discarding {} unsolicited bytes: {}", name, in.readableBytes(), text);
            in.skipBytes(in.readableBytes());
            return;
        }
        backlog.writeBytes(in);
    }

    private void drainBacklog() {
        if (backlog != null && listener != null) {
            ByteBuf b = backlog;
            backlog = null;
            try {
                process(b);
            } finally {
                b.release();
            }
        }
    }

    /** Reads (part of) the status line; returns false when more bytes are needed. */
    private boolean readStatus(ByteBuf in) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        int take = lf < 0 ? in.readableBytes() : lf + 1 - in.readerIndex();
        if (statusLine.readableBytes() + take > maxLineLength) {
            in.skipBytes(in.readableBytes());
            fail("upstream sent a status line longer than " + maxLineLength + " bytes");
            channel.close();
            return false;
        }
        statusLine.writeBytes(in, take);
        if (lf < 0) {
            return false;
        }
        int len = statusLine.readableBytes() - 1;
        if (len > 0 && statusLine.getByte(len - 1) == '\r') {
            len--;
        }
        String line = statusLine.toString(0, len, StandardCharsets.ISO_8859_1);
        statusLine.clear();
        ResponseListener l = listener;
        boolean ok = line.startsWith("+OK");
        if (expect == Expect.MULTI && ok) {
            body = new MultilineBody();
            l.status(line);
        } else {
            if (expect == Expect.SINGLE_THEN_DISCARD && in.isReadable()) {
                LOG.warn("{}: discarding {} bytes the upstream sent after its STLS answer", name, in.readableBytes());
                in.skipBytes(in.readableBytes());
            }
            listener = null;
            l.status(line);
            l.end();
        }
        return true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (readComplete != null) {
            readComplete.run();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            closeReason = "upstream idle timeout";
            LOG.info("{}: closing idle upstream connection", name);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeReason = "upstream connection failed: " + Reasons.of(cause);
        LOG.info("{}: {}", name, closeReason);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        statusLine.release();
        if (backlog != null) {
            backlog.release();
            backlog = null;
        }
        String reason = closeReason != null ? closeReason : "upstream closed the connection";
        if (listener != null) {
            fail(reason);
        } else if (closeListener != null) {
            closeListener.upstreamClosed(reason);
        }
    }

    private void fail(String reason) {
        ResponseListener l = listener;
        listener = null;
        if (body != null) {
            body = null;
        }
        if (l != null) {
            l.failed(reason);
        }
    }
}
