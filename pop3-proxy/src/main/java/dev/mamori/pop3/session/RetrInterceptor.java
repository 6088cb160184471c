package dev.mamori.pop3.session;

import dev.mamori.core.config.Pop3Limits;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.core.scan.ScanContext;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.spool.Spool;
import dev.mamori.pop3.codec.Pop3Command;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One intercepted {@code RETR}: the upstream's answer is spooled (still dot-stuffed, so a clean message goes out as
 * exactly the bytes the server sent), handed to the scan service off the event loop, and only then delivered, or
 * refused with a reply that says why. The client sees no byte of a message before its verdict.
 */
final class RetrInterceptor implements UpstreamConnection.ResponseListener {
    private static final Logger LOG = LogManager.getLogger(RetrInterceptor.class);
    /** Pending spool writes above this pause reading from the upstream until they drop below the low mark. */
    private static final long HIGH_WATER = 8L << 20;
    private static final long LOW_WATER = 2L << 20;
    private static final int CHUNK = 256 * 1024;

    interface Outcome {
        void delivered(long bytes);

        void refused(String reply);

        void upstreamLost(String reply);
    }

    private final ProxyRuntime runtime;
    private final Pop3Limits limits;
    private final ChannelHandlerContext client;
    private final UpstreamConnection upstream;
    private final Pop3Command command;
    private final String sessionId;
    private final ScanContext scanContext;
    private final Outcome outcome;
    private long contentSize;
    private Spool spool;
    private String status;
    private long received;
    private boolean tooLarge;
    private boolean aborted;
    private long startNanos;

    RetrInterceptor(ProxyRuntime runtime, Pop3Limits limits, ChannelHandlerContext client, UpstreamConnection upstream,
                    Pop3Command command, String sessionId, InetSocketAddress clientAddress, String listenerName,
                    String account, String upstreamName, Outcome outcome) {
        this.runtime = runtime;
        this.limits = limits;
        this.client = client;
        this.upstream = upstream;
        this.command = command;
        this.sessionId = sessionId;
        this.outcome = outcome;
        this.scanContext = new ScanContext("pop3", listenerName, clientAddress, account, upstreamName, command.args().strip());
    }

    void start() {
        startNanos = System.nanoTime();
        upstream.send(command.wire(), UpstreamConnection.Expect.MULTI, this);
    }

    @Override
    public void status(String line) {
        status = line;
        if (line.startsWith("+OK")) {
            spool = new Spool(limits.spoolMemoryThreshold().bytes(), runtime.spoolDir(), runtime.ioExecutor());
        }
    }

    @Override
    public void body(ByteBuf slice) {
        try {
            received += slice.readableBytes();
            if (aborted || tooLarge) {
                return;
            }
            if (received > limits.maxMessageSize().bytes()) {
                tooLarge = true;
                LOG.warn("{}: RETR {} exceeds maxMessageSize {}, discarding the rest", sessionId, command.args().strip(),
                        limits.maxMessageSize());
                spool.close();
                return;
            }
            spool.append(slice);
            if (spool.pendingWrites() > HIGH_WATER && upstream.channel().config().isAutoRead()) {
                upstream.channel().config().setAutoRead(false);
                waitForSpool();
            }
        } finally {
            slice.release();
        }
    }

    private void waitForSpool() {
        upstream.channel().eventLoop().schedule(() -> {
            if (aborted || spool == null) {
                return;
            }
            if (spool.pendingWrites() < LOW_WATER) {
                upstream.channel().config().setAutoRead(true);
            } else {
                waitForSpool();
            }
        }, 5, TimeUnit.MILLISECONDS);
    }

    @Override
    public void end() {
        if (aborted) {
            return;
        }
        if (spool == null) {
            outcome.refused(status); // the upstream's own -ERR, unchanged
            return;
        }
        if (tooLarge) {
            outcome.refused(Pop3Replies.tooLarge(limits.maxMessageSize().bytes()));
            return;
        }
        spool.finish()
                .thenCompose(s -> runtime.scanService().scan(new SpooledMessage(s, contentSize), scanContext))
                .whenComplete((verdict, error) -> client.channel().eventLoop().execute(() -> {
                    if (aborted) {
                        return;
                    }
                    if (error != null) {
                        LOG.warn("{}: RETR {} could not be spooled or scanned: {}", sessionId, scanContext.messageId(),
                                Reasons.of(error));
                        closeSpool();
                        outcome.refused(Pop3Replies.spoolFailed());
                        return;
                    }
                    decide(verdict);
                }));
    }

    @Override
    public void bodyEnd(long contentBytes) {
        this.contentSize = contentBytes;
    }

    private void decide(Verdict verdict) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        switch (verdict) {
            case Verdict.Clean c -> {
                LOG.info("{}: RETR {} of {} at {}: {} bytes, clean (sha256 {}, {} ms)", sessionId, scanContext.messageId(),
                        scanContext.account(), scanContext.upstream(), c.summary().size(), c.summary().sha256(), ms);
                deliver();
            }
            default -> {
                String reply = Pop3Replies.withheld(verdict);
                LOG.warn("{}: RETR {} of {} at {} withheld: {}", sessionId, scanContext.messageId(), scanContext.account(),
                        scanContext.upstream(), reply);
                closeSpool();
                outcome.refused(reply);
            }
        }
    }

    private void deliver() {
        client.write(Unpooled.copiedBuffer(status + "\r\n", StandardCharsets.ISO_8859_1));
        pump(0, status.length() + 2L);
    }

    private void pump(long offset, long written) {
        if (aborted) {
            return;
        }
        if (offset >= spool.size()) {
            client.writeAndFlush(Unpooled.wrappedBuffer(Pop3Session.TERMINATOR)).addListener((ChannelFutureListener) f -> {
                closeSpool();
                if (f.isSuccess() && !aborted) {
                    outcome.delivered(written + 3);
                }
            });
            return;
        }
        spool.readChunk(offset, CHUNK).whenComplete((chunk, error) -> client.channel().eventLoop().execute(() -> {
            if (aborted) {
                if (chunk != null) {
                    chunk.release();
                }
                return;
            }
            if (error != null) {
                // the status line already went out: the only honest thing left is to end the session
                LOG.error("{}: reading the spool of RETR {} failed: {}", sessionId, scanContext.messageId(), error.toString());
                closeSpool();
                client.close();
                return;
            }
            int n = chunk.readableBytes();
            client.writeAndFlush(chunk).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    pump(offset + n, written + n);
                } else {
                    abort();
                }
            });
        }));
    }

    @Override
    public void failed(String reason) {
        if (aborted) {
            return;
        }
        LOG.info("{}: RETR {}: {}", sessionId, scanContext.messageId(), reason);
        closeSpool();
        outcome.upstreamLost(Pop3Replies.upstreamLostDuringRetr());
    }

    void abort() {
        aborted = true;
        closeSpool();
        if (upstream.isActive() && !upstream.channel().config().isAutoRead()) {
            upstream.channel().config().setAutoRead(true);
        }
    }

    private void closeSpool() {
        if (spool != null) {
            spool.close();
        }
    }
}
