package dev.mamori.smtp.session;

import dev.mamori.core.config.AccessSettings;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.DataSize;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.ScanSettings;
import dev.mamori.core.config.ServerSettings;
import dev.mamori.core.config.SmtpHeaders;
import dev.mamori.core.config.SmtpLimits;
import dev.mamori.core.config.SmtpListener;
import dev.mamori.core.config.SmtpRoute;
import dev.mamori.core.config.SmtpSettings;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.net.HostPort;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.core.scan.ScanService;
import dev.mamori.core.scan.policy.ScanPolicy;
import dev.mamori.smtp.policy.SmtpPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * One SMTP session on an {@link EmbeddedChannel} with scripted {@link FakeUpstream}s behind it, and a real runtime
 * (spool, scanner, disposer). Work that finishes on other threads is queued and run by {@link #step()} on the test
 * thread, which also lets the fake upstreams answer.
 */
final class SessionHarness implements AutoCloseable {
    static final Duration NOOP_INTERVAL = Duration.ofSeconds(30);
    static final Duration DATA_TIMEOUT = Duration.ofMinutes(10);

    final ProxyRuntime runtime;
    final Map<String, FakeUpstream> upstreams = new LinkedHashMap<>();
    /** Hosts whose connection fails. */
    final List<String> refusing = new ArrayList<>();
    final ConcurrentLinkedQueue<Runnable> completions = new ConcurrentLinkedQueue<>();
    final StringBuilder output = new StringBuilder();
    EmbeddedChannel client;
    private int consumed;

    SessionHarness(ProxyRuntime runtime) {
        this.runtime = runtime;
    }

    static ProxyRuntime runtime(Path dir, ScanPolicy policy) throws Exception {
        return runtime(dir, policy, SmtpHeaders.defaults());
    }

    static ProxyRuntime runtime(Path dir, ScanPolicy policy, SmtpHeaders headers) throws Exception {
        return runtime(dir, policy, headers, DataSize.ofKiB(64), DataSize.ofKiB(1));
    }

    static ProxyRuntime runtime(Path dir, ScanPolicy policy, SmtpHeaders headers, DataSize maxMessageSize,
                                DataSize spoolMemoryThreshold) throws Exception {
        SmtpLimits limits = new SmtpLimits(maxMessageSize, 3, 512, Duration.ofMinutes(5), DATA_TIMEOUT,
                Duration.ofMinutes(10), NOOP_INTERVAL, spoolMemoryThreshold);
        SmtpSettings smtp = new SmtpSettings(true, List.of(listener("unit", ClientTls.STARTTLS, UpstreamTls.NONE, false,
                false, false, new SmtpRoute("up1", 25, 10))), limits, headers);
        return ProxyRuntime.start(new MamoriConfig(new ServerSettings("mamori-test", dir), AccessSettings.defaults(),
                null, null, null, new ScanSettings(policy, null, null, null, null, null), smtp));
    }

    static SmtpListener listener(String name, ClientTls tls, UpstreamTls upstreamTls, boolean proxy, boolean xclient,
                                 boolean xforward, SmtpRoute... routes) {
        return new SmtpListener(name, HostPort.parse("127.0.0.1:0"), tls, proxy, List.of(routes), upstreamTls,
                xclient, xforward, List.of());
    }

    FakeUpstream upstream(String host) {
        return upstreams.computeIfAbsent(host, FakeUpstream::new);
    }

    /** Opens the client's session; extra handlers go in front of the session (e.g. the PROXY protocol decoder). */
    SessionHarness open(SmtpListener listener, SmtpPolicy policy, ScanService scanner, ChannelHandler... before) {
        UpstreamTransport transport = (route, ch) -> {
            if (refusing.contains(route.host())) {
                return CompletableFuture.failedFuture(new ConnectException("Connection refused: " + route.host()));
            }
            return CompletableFuture.completedFuture(upstream(route.host()).upstream);
        };
        UpstreamConnector connector = new UpstreamConnector(transport, runtime.tls().clientContext(),
                listener.upstreamTls(), "mamori-test", Duration.ofMinutes(5));
        SmtpSession session = new SmtpSession(runtime, listener, policy, connector, new RouteSelector(listener.routes()),
                scanner == null ? runtime.scanService() : scanner, completions::add);
        List<ChannelHandler> handlers = new ArrayList<>(List.of(before));
        handlers.add(session);
        client = new EmbeddedChannel(handlers.toArray(ChannelHandler[]::new));
        return this;
    }

    /** Runs queued completions, the channels' tasks and the upstreams' answers once; true when anything ran. */
    boolean step() {
        boolean any = false;
        Runnable r;
        while ((r = completions.poll()) != null) {
            r.run();
            any = true;
        }
        client.runPendingTasks();
        for (FakeUpstream u : List.copyOf(upstreams.values())) {
            any |= u.process();
        }
        ByteBuf b;
        while ((b = client.readOutbound()) != null) {
            output.append(b.toString(StandardCharsets.UTF_8));
            b.release();
            any = true;
        }
        return any;
    }

    void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (!step()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out waiting for " + what + "; client saw:\n" + output);
                }
                try {
                    Thread.sleep(2); // polling a condition; work runs on other threads (scanner, spool)
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    void send(String text) {
        client.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    void sendBytes(byte[] bytes) {
        client.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** The next complete reply the client got (all its lines, CRLF included). */
    String reply() {
        await(() -> nextReplyEnd() >= 0, "a reply");
        int end = nextReplyEnd();
        String r = output.substring(consumed, end);
        consumed = end;
        return r;
    }

    /** Sends a command and returns the reply. */
    String cmd(String line) {
        send(line + "\r\n");
        return reply();
    }

    boolean replyPending() {
        step();
        return nextReplyEnd() >= 0;
    }

    private int nextReplyEnd() {
        int pos = consumed;
        while (true) {
            int lf = output.indexOf("\n", pos);
            if (lf < 0) {
                return -1;
            }
            if (lf - pos >= 4 && output.charAt(pos + 3) == ' ' || lf - pos == 4) {
                return lf + 1;
            }
            pos = lf + 1;
        }
    }

    void awaitClosed() {
        await(() -> !client.isOpen(), "the client connection to close");
    }

    @Override
    public void close() {
        client.finishAndReleaseAll();
        upstreams.values().forEach(u -> u.ch.finishAndReleaseAll());
    }
}
