package dev.mamori.pop3.session;

import dev.mamori.core.config.Pop3Limits;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.core.scan.ScanContext;
import dev.mamori.core.scan.MessageSource;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.action.Outcome;
import dev.mamori.pop3.codec.DotStuffing;
import dev.mamori.core.spool.Spool;
import dev.mamori.pop3.codec.Pop3Command;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One intercepted {@code RETR}: the upstream's answer is spooled (still dot-stuffed, so a clean message goes out as
 * exactly the bytes the server sent) and scanned off the event loop while it arrives, then delivered, or refused
 * with a reply that says why. The client sees no byte of a message before its verdict.
 */
final class RetrInterceptor implements UpstreamConnection.ResponseListener {
    private static final Logger LOG = LogManager.getLogger(RetrInterceptor.class);
    /** Pending spool writes above this pause reading from the upstream until they drop below the low mark. */
    private static final long HIGH_WATER = 8L << 20;
    private static final long LOW_WATER = 2L << 20;
    private static final int CHUNK = 256 * 1024;

    /** How the session learns how the RETR ended. */
    interface Callback {
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
    private final Callback outcome;
    private long contentSize;
    private Spool spool;
    private SpooledMessage message;
    /** The scan, started as soon as the upstream said {@code +OK}. */
    private CompletionStage<Verdict> scan;
    private String status;
    private long received;
    private boolean tooLarge;
    private boolean aborted;
    /** Set once the keep-alive started: the {@code +OK} line is out, and so are some header lines. */
    private boolean statusSent;
    private io.netty.util.concurrent.ScheduledFuture<?> keepAlive;
    private long startNanos;

    RetrInterceptor(ProxyRuntime runtime, Pop3Limits limits, ChannelHandlerContext client, UpstreamConnection upstream,
                    Pop3Command command, String sessionId, InetSocketAddress clientAddress, String listenerName,
                    String account, String upstreamName, Callback outcome) {
        this.runtime = runtime;
        this.limits = limits;
        this.client = client;
        this.upstream = upstream;
        this.command = command;
        this.sessionId = sessionId;
        this.outcome = outcome;
        this.scanContext = new ScanContext("pop3", listenerName, clientAddress, account, upstreamName,
                command.keyword().equals("TOP") ? "TOP " + command.args().strip() : command.args().strip().split("\\s+")[0]);
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
            message = new SpooledMessage(spool);
            scan = runtime.scanService().scanArriving(message, scanContext);
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
                closeSpool();
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
        keepAlive = client.channel().eventLoop().schedule(this::sendKeepAlive, limits.keepAliveAfter().toMillis(),
                TimeUnit.MILLISECONDS);
        CompletionStage<Spool> stored = spool.finish();
        stored.whenComplete((s, error) -> {
            if (error == null) {
                message.completed();
            } else {
                message.failed(error);
            }
        });
        stored.thenCombine(scan, (s, verdict) -> verdict)
                // policy may write the quarantine and build a notice: blocking, so on the scan executor
                .thenApplyAsync(verdict -> runtime.disposer().dispose(message, verdict, scanContext), runtime.scanExecutor())
                .whenComplete((result, error) -> client.channel().eventLoop().execute(() -> {
                    keepAlive.cancel(false);
                    if (aborted) {
                        return;
                    }
                    if (error != null && statusSent) {
                        giveUpAfterStatus("spooling or scanning failed: " + Reasons.of(error));
                        return;
                    }
                    if (error != null) {
                        LOG.warn("{}: RETR {} could not be spooled or scanned: {}", sessionId, scanContext.messageId(),
                                Reasons.of(error));
                        closeSpool();
                        outcome.refused(Pop3Replies.spoolFailed());
                        return;
                    }
                    decide(result);
                }));
    }

    @Override
    public void bodyEnd(long contentBytes) {
        this.contentSize = contentBytes;
        if (message != null) {
            message.contentSize(contentBytes);
        }
    }

    private void decide(Outcome result) {
        runtime.traffic().listener("pop3", scanContext.listener()).scanned(result);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        switch (result) {
            case Outcome.DeliverOriginal d -> {
                if (d.releasedFrom() != null) {
                    LOG.warn("{}: RETR {} of {} at {}: delivered unchanged, released from quarantine {} ({} ms)", sessionId,
                            scanContext.messageId(), scanContext.account(), scanContext.upstream(), d.releasedFrom(), ms);
                } else {
                    LOG.info("{}: RETR {} of {} at {}: {} bytes, clean ({} ms)", sessionId, scanContext.messageId(),
                            scanContext.account(), scanContext.upstream(), contentSize, ms);
                }
                deliver();
            }
            case Outcome.DeliverModified m -> {
                LOG.warn("{}: RETR {} of {} at {}: {} ({}), {}{} ({} ms)", sessionId, scanContext.messageId(),
                        scanContext.account(), scanContext.upstream(), m.decision().categories(),
                        String.join("; ", m.decision().reasons()), m.decision().action().words(),
                        m.quarantineId() == null ? "" : ", quarantined as " + m.quarantineId(), ms);
                deliverModified(m.message());
            }
            case Outcome.TempFail t when statusSent -> giveUpAfterStatus(t.reason());
            case Outcome.TempFail t -> {
                LOG.warn("{}: RETR {} of {} at {}: not delivered: {}", sessionId, scanContext.messageId(),
                        scanContext.account(), scanContext.upstream(), t.reason());
                closeSpool();
                outcome.refused(Pop3Replies.tempFail(t.reason()));
            }
        }
    }

    /** Sends a message Mamori changed: re-counted status line, content dot-stuffed as it is read off the loop. */
    private void deliverModified(MessageSource message) {
        InputStream in;
        try {
            in = message.openStream();
        } catch (IOException e) {
            LOG.error("{}: RETR {}: cannot read the changed message: {}", sessionId, scanContext.messageId(), e.toString());
            closeSpool();
            outcome.refused(Pop3Replies.spoolFailed());
            return;
        }
        if (statusSent) {
            pumpStuffed(in, new DotStuffing(), 0);
            return;
        }
        String line = "+OK " + message.size() + " octets";
        client.write(Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.ISO_8859_1));
        pumpStuffed(in, new DotStuffing(), line.length() + 2L);
    }

    private void pumpStuffed(InputStream in, DotStuffing stuffing, long written) {
        CompletableFuture.supplyAsync(() -> {
            try {
                return in.readNBytes(CHUNK);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, runtime.ioExecutor()).whenComplete((bytes, error) -> client.channel().eventLoop().execute(() -> {
            if (aborted || error != null) {
                closeQuietly(in);
                if (error != null && !aborted) {
                    // the status line already went out: the only honest thing left is to end the session
                    LOG.error("{}: RETR {}: reading the changed message failed: {}", sessionId, scanContext.messageId(),
                            error.toString());
                    closeSpool();
                    client.close();
                }
                return;
            }
            ByteBuf out = client.alloc().buffer(bytes.length + bytes.length / 32 + 8);
            stuffing.stuff(Unpooled.wrappedBuffer(bytes), out);
            boolean last = bytes.length < CHUNK;
            if (last) {
                stuffing.finish(out);
            }
            long total = written + out.readableBytes();
            client.writeAndFlush(out).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    closeQuietly(in);
                    abort();
                } else if (last) {
                    closeQuietly(in);
                    closeSpool();
                    outcome.delivered(total);
                } else {
                    pumpStuffed(in, stuffing, total);
                }
            });
        }));
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to read from it either way
        }
    }

    private void deliver() {
        if (statusSent) {
            pump(0, 0);
            return;
        }
        client.write(Unpooled.copiedBuffer(status + "\r\n", StandardCharsets.ISO_8859_1));
        pump(0, status.length() + 2L);
    }

    /**
     * The scan is taking long: send the status line now and a harmless header line every interval, so the client
     * does not time out (the method P3Scan uses). The message then follows these lines. The status carries no octet
     * count, which is not known yet.
     */
    private void sendKeepAlive() {
        if (aborted) {
            return;
        }
        if (!statusSent) {
            statusSent = true;
            LOG.info("{}: {} is still being scanned after {}: keeping the client waiting with header lines", sessionId,
                    scanContext.messageId(), limits.keepAliveAfter());
            client.write(Unpooled.copiedBuffer("+OK message follows (Mamori is scanning it)\r\n", StandardCharsets.ISO_8859_1));
        }
        client.writeAndFlush(Unpooled.copiedBuffer(KEEP_ALIVE_LINE, StandardCharsets.ISO_8859_1));
        keepAlive = client.channel().eventLoop().schedule(this::sendKeepAlive, limits.keepAliveInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    static final String KEEP_ALIVE_LINE = "X-Mamori-Keepalive: scanning\r\n";

    /**
     * Nothing can be delivered but {@code +OK} is already out: a -ERR is no longer possible, and a made-up message
     * would let the client delete the original. Closing without the terminating line makes the client report an error,
     * and without QUIT the server deletes nothing.
     */
    private void giveUpAfterStatus(String reason) {
        LOG.warn("{}: {}: cannot deliver after the keep-alive started ({}); closing the session so nothing is lost",
                sessionId, scanContext.messageId(), reason);
        closeSpool();
        aborted = true;
        client.close();
    }

    /**
     * Sends the spooled wire form after the status line: in one write when it is in memory (slices of the spool, no
     * copy), as a zero-copy file region when it is on disk and the client connection is plain, and otherwise (TLS)
     * in chunks read from the file while the previous chunk is being written.
     */
    private void pump(long offset, long written) {
        if (aborted) {
            return;
        }
        if (spool.inMemory() || client.pipeline().get(SslHandler.class) != null) {
            pumpChunks(offset, written, null);
            return;
        }
        spool.fileRegion().whenComplete((region, error) -> client.channel().eventLoop().execute(() -> {
            if (aborted) {
                if (region != null) {
                    region.release();
                }
                return;
            }
            if (error != null) {
                spoolReadFailed(error);
                return;
            }
            long n = region.count();
            client.write(region).addListener(this::abortOnFailure);
            finishDelivery(written + n);
        }));
    }

    private void pumpChunks(long offset, long written, ChannelFuture previous) {
        if (offset >= spool.size()) {
            finishDelivery(written);
            return;
        }
        int max = spool.inMemory() ? (int) Math.min(Integer.MAX_VALUE, spool.size() - offset) : CHUNK;
        spool.readChunk(offset, max).whenComplete((chunk, error) -> client.channel().eventLoop().execute(() -> {
            if (aborted) {
                if (chunk != null) {
                    chunk.release();
                }
                return;
            }
            if (error != null) {
                spoolReadFailed(error);
                return;
            }
            int n = chunk.readableBytes();
            Runnable send = () -> {
                if (aborted) {
                    chunk.release();
                    return;
                }
                ChannelFuture sent = client.writeAndFlush(chunk);
                sent.addListener(this::abortOnFailure);
                pumpChunks(offset + n, written + n, sent); // read the next chunk while this one goes out
            };
            if (previous == null || previous.isDone()) {
                send.run();
            } else {
                previous.addListener(f -> send.run());
            }
        }));
    }

    private void abortOnFailure(io.netty.util.concurrent.Future<? super Void> f) {
        if (!f.isSuccess()) {
            abort();
        }
    }

    private void finishDelivery(long written) {
        client.writeAndFlush(Unpooled.wrappedBuffer(Pop3Session.TERMINATOR)).addListener((ChannelFutureListener) f -> {
            closeSpool();
            if (f.isSuccess() && !aborted) {
                outcome.delivered(written + 3);
            }
        });
    }

    private void spoolReadFailed(Throwable error) {
        // the status line already went out: the only honest thing left is to end the session
        LOG.error("{}: reading the spool of RETR {} failed: {}", sessionId, scanContext.messageId(), error.toString());
        closeSpool();
        client.close();
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
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        closeSpool();
        if (upstream.isActive() && !upstream.channel().config().isAutoRead()) {
            upstream.channel().config().setAutoRead(true);
        }
    }

    /** Frees the spool; a scan still reading the arriving message stops with it. */
    private void closeSpool() {
        if (spool != null) {
            spool.close();
            message.failed(new java.util.concurrent.CancellationException("the message did not arrive"));
        }
    }
}
