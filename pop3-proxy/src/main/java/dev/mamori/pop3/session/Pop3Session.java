package dev.mamori.pop3.session;

import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.ListenerMode;
import dev.mamori.core.config.Pop3Limits;
import dev.mamori.core.config.Pop3Listener;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.metrics.ListenerMeter;
import dev.mamori.core.net.ClientGate;
import dev.mamori.core.net.UpstreamDecision;
import dev.mamori.core.net.UpstreamDeniedException;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.pop3.codec.Pop3Command;
import dev.mamori.pop3.codec.Pop3CommandDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's POP3 session through Mamori: the state machine on the client channel. Commands are handled strictly
 * one at a time in arrival order (pipelined commands wait in a bounded queue and reading stops until they are done),
 * so answers are always in order and a slow side never makes Mamori buffer without bound.
 *
 * <p>States: {@code AUTHORIZATION} (generic port: Mamori answers itself until the account names the upstream),
 * {@code CONNECTING}, {@code RELAY} (an upstream session exists; commands go through, RETR is intercepted), and
 * {@code CLOSED}. Everything runs on the client channel's event loop, the upstream channel included.
 */
public final class Pop3Session extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LogManager.getLogger(Pop3Session.class);
    private static final AtomicLong IDS = new AtomicLong();

    enum State { AUTHORIZATION, CONNECTING, RELAY, CLOSED }

    private final ProxyRuntime runtime;
    private final Pop3Listener listener;
    private final Pop3Limits limits;
    private final Pop3CommandDecoder decoder;
    private final UpstreamConnector connector;
    private final ClientGate gate;
    private final ListenerMeter meter;
    private boolean counted;
    private final String id;
    private final Deque<Pop3Command> pending = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private InetSocketAddress client;
    private State state = State.AUTHORIZATION;
    private boolean busy;
    private boolean secured;
    private boolean loggedIn;
    private boolean relaySasl;
    private LocalSasl sasl;
    private ConnectedUpstream upstream;
    private String account;
    private String upstreamName;
    private int retrieved;
    private long bytesToClient;

    public Pop3Session(ProxyRuntime runtime, Pop3Listener listener, Pop3CommandDecoder decoder, boolean implicitTls) {
        this.runtime = runtime;
        this.listener = listener;
        this.limits = runtime.config().pop3().limits();
        this.decoder = decoder;
        this.meter = runtime.traffic().listener("pop3", listener.name());
        this.connector = new UpstreamConnector(runtime, limits.maxResponseLineLength(), meter);
        this.gate = runtime.clientGate();
        this.secured = implicitTls;
        this.id = "pop3-" + Long.toString(IDS.incrementAndGet(), 36);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        meter.sessionOpened();
        counted = true;
        this.client = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a
                // an in-memory channel (tests) has no IP address: treat it as a local client
                : new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
        LOG.info("{}: client {} connected to listener {} ({})", id, client, listener.name(), listener.mode().yaml());
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null) {
            ssl.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    begin();
                } else {
                    LOG.info("{}: client TLS handshake failed: {}", id, Reasons.of(f.cause()));
                    ctx.close();
                }
            });
            ctx.read(); // the handshake needs reads even though auto-read is off
        } else {
            begin();
        }
    }

    private void begin() {
        if (!runtime.services().isEnabled(dev.mamori.core.runtime.ServiceControl.Service.POP3)) {
            LOG.info("{}: POP3 is switched off by the administrator: refusing {}", id, client);
            replyAndClose(Pop3Replies.SERVICE_DISABLED);
            return;
        }
        switch (listener.mode()) {
            case GENERIC -> {
                reply(Pop3Replies.greeting(runtime.config().server().name()));
                readNext();
            }
            case DEDICATED -> {
                var u = listener.upstream();
                UpstreamDecision.Allowed allowed = new UpstreamDecision.Allowed(u.host(), u.port(), null,
                        u.tls() != null ? u.tls() : runtime.config().upstreams().isImplicitTlsPort(u.port())
                                ? UpstreamTls.IMPLICIT : runtime.config().upstreams().tls());
                connectDedicated(allowed, runtime.upstreamPolicy().resolveConfigured(allowed));
            }
            case TRANSPARENT -> {
                InetSocketAddress original = (InetSocketAddress) ctx.channel().localAddress();
                String host = original.getAddress().getHostAddress();
                UpstreamDecision d = runtime.upstreamPolicy().check(host, original.getPort());
                if (d instanceof UpstreamDecision.Denied(String reason)) {
                    LOG.warn("{}: transparent destination {} refused: {}", id, original, reason);
                    replyAndClose(Pop3Replies.denied(reason));
                    return;
                }
                UpstreamDecision.Allowed allowed = (UpstreamDecision.Allowed) d;
                try {
                    InetSocketAddress target = runtime.upstreamPolicy().pick(allowed, original.getAddress());
                    connectDedicated(allowed, java.util.concurrent.CompletableFuture.completedFuture(target));
                } catch (UpstreamDeniedException e) {
                    LOG.warn("{}: transparent destination {} refused: {}", id, original, e.getMessage());
                    replyAndClose(Pop3Replies.denied(e.getMessage()));
                }
            }
        }
    }

    private void connectDedicated(UpstreamDecision.Allowed allowed, CompletionStage<InetSocketAddress> address) {
        state = State.CONNECTING;
        upstreamName = allowed.host() + ":" + allowed.port();
        address.thenCompose(a -> connector.connect(ctx.channel().eventLoop(), a, allowed.host(), allowed.tls(), id))
                .whenComplete((u, e) -> ctx.channel().eventLoop().execute(() -> {
                    if (e != null) {
                        LOG.info("{}: upstream {} failed: {}", id, upstreamName, Reasons.of(e));
                        replyAndClose(failureReply(e));
                        return;
                    }
                    if (state == State.CLOSED) {
                        u.connection().close();
                        return;
                    }
                    attach(u);
                    // the upstream greeting goes through unchanged, so its APOP timestamp stays valid
                    reply(u.greeting());
                    readNext();
                }));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Pop3Command cmd = (Pop3Command) msg;
        if (state == State.CLOSED) {
            return;
        }
        if (pending.size() >= limits.maxPipelinedCommands()) {
            LOG.warn("{}: more than {} pipelined commands, closing", id, limits.maxPipelinedCommands());
            replyAndClose(Pop3Replies.TOO_MANY_PIPELINED);
            return;
        }
        pending.add(cmd);
        drain();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && upstream != null && upstream.connection().isActive()) {
            upstream.connection().channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.info("{}: client idle for {}, closing", id, limits.clientIdleTimeout());
            replyAndClose(Pop3Replies.TIMEOUT);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info("{}: client connection error: {}", id, Reasons.of(cause));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSED;
        pending.clear();
        if (upstream != null) {
            // No QUIT: a client that vanished must not commit its DELEs (RFC 1939 UPDATE state only on QUIT).
            upstream.connection().close();
        }
        if (retr != null) {
            retr.abort();
            retr = null;
        }
        // the connection slot in the ClientGate is released by ListenerAdmission when the channel closes
        if (counted) {
            counted = false;
            meter.sessionClosed();
        }
        LOG.info("{}: closed ({} messages retrieved, {} bytes to client)", id, retrieved, bytesToClient);
    }

    // ---------------------------------------------------------------- command loop

    private void drain() {
        while (!busy && state != State.CLOSED && !pending.isEmpty()) {
            handle(pending.poll());
        }
        readNext();
    }

    private void readNext() {
        ctx.flush();
        if (!busy && pending.isEmpty() && state != State.CLOSED && state != State.CONNECTING && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    private void done() {
        busy = false;
        ctx.flush();
        drain();
    }

    private void handle(Pop3Command cmd) {
        if (cmd.problem() != null) {
            reply(Pop3Replies.bad(cmd.problem()));
            return;
        }
        if (sasl != null) {
            continueLocalSasl(cmd);
            return;
        }
        if (relaySasl) {
            loginCommand(cmd); // a SASL response line: goes up unchanged, like the AUTH command it answers
            return;
        }
        LOG.debug("{}: C: {}", id, cmd);
        if (cmd.keyword().equals("STLS")) {
            stls();
            return;
        }
        switch (state) {
            case AUTHORIZATION -> handleLocal(cmd);
            case RELAY -> handleRelay(cmd);
            default -> throw new IllegalStateException("command in state " + state);
        }
    }

    // ---------------------------------------------------------------- generic port, before the upstream is known

    private void handleLocal(Pop3Command cmd) {
        switch (cmd.keyword()) {
            case "CAPA" -> replyMulti("+OK Capability list follows", localCapabilities());
            case "USER" -> user(cmd);
            case "PASS" -> reply(Pop3Replies.USER_FIRST);
            case "AUTH" -> auth(cmd);
            case "APOP" -> reply(Pop3Replies.APOP_UNAVAILABLE);
            case "QUIT" -> replyAndClose(Pop3Replies.BYE);
            case "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "TOP", "UIDL" -> reply(Pop3Replies.NOT_LOGGED_IN);
            default -> reply(Pop3Replies.UNKNOWN);
        }
    }

    private List<String> localCapabilities() {
        List<String> caps = new ArrayList<>();
        caps.add("USER");
        caps.add("SASL PLAIN LOGIN");
        if (listener.tls() == ClientTls.STARTTLS && !secured) {
            caps.add("STLS");
        }
        caps.add("TOP");
        caps.add("UIDL");
        caps.add("RESP-CODES");
        caps.add("AUTH-RESP-CODE");
        caps.add("PIPELINING");
        caps.add("IMPLEMENTATION Mamori");
        return caps;
    }

    private boolean loginBlocked() {
        Duration left = gate.loginBlockedFor(client.getAddress());
        if (!left.isZero()) {
            LOG.warn("{}: login refused, {} is blocked for {} after failed logins", id, client.getAddress().getHostAddress(), left);
            reply(Pop3Replies.loginDelay(left));
            return true;
        }
        return false;
    }

    private void user(Pop3Command cmd) {
        if (loginBlocked()) {
            return;
        }
        AccountSpec spec;
        try {
            spec = AccountSpec.parse(cmd.args().strip());
        } catch (IllegalArgumentException e) {
            reply(Pop3Replies.badAccount(e.getMessage()));
            return;
        }
        connectGeneric(spec, up -> sendUser(up, spec.user(), null));
    }

    private void auth(Pop3Command cmd) {
        if (loginBlocked()) {
            return;
        }
        String[] parts = cmd.args().strip().split("\\s+", 2);
        if (parts[0].isEmpty() || !LocalSasl.supports(parts[0])) {
            reply(Pop3Replies.AUTH_MECHANISM);
            return;
        }
        LocalSasl[] holder = new LocalSasl[1];
        LocalSasl.Step step = LocalSasl.start(parts[0], parts.length > 1 ? parts[1] : null, holder);
        sasl = holder[0];
        onSaslStep(step);
    }

    private void continueLocalSasl(Pop3Command cmd) {
        onSaslStep(sasl.feed(cmd.line()));
    }

    private void onSaslStep(LocalSasl.Step step) {
        switch (step) {
            case LocalSasl.Challenge(String line) -> reply(line);
            case LocalSasl.Failed(String failure) -> {
                sasl = null;
                reply(failure);
            }
            case LocalSasl.Done(LocalSasl.Credentials creds) -> {
                sasl = null;
                AccountSpec spec;
                try {
                    spec = AccountSpec.parse(creds.user());
                } catch (IllegalArgumentException e) {
                    reply(Pop3Replies.badAccount(e.getMessage()));
                    return;
                }
                connectGeneric(spec, up -> loginWithCredentials(up, spec.user(), creds));
            }
        }
    }

    private void connectGeneric(AccountSpec spec, java.util.function.Consumer<ConnectedUpstream> then) {
        int port = spec.portOr(-1);
        UpstreamDecision decision = port > 0
                ? runtime.upstreamPolicy().check(spec.host(), port)
                : defaultPortDecision(spec.host());
        if (decision instanceof UpstreamDecision.Denied(String reason)) {
            LOG.warn("{}: {} asked for a denied upstream: {}", id, client.getAddress().getHostAddress(), reason);
            reply(Pop3Replies.denied(reason));
            return;
        }
        UpstreamDecision.Allowed allowed = (UpstreamDecision.Allowed) decision;
        account = spec.user();
        upstreamName = allowed.host() + ":" + allowed.port();
        busy = true;
        state = State.CONNECTING;
        runtime.upstreamPolicy().resolve(allowed)
                .thenCompose(a -> connector.connect(ctx.channel().eventLoop(), a, allowed.host(), allowed.tls(), id))
                .whenComplete((u, e) -> ctx.channel().eventLoop().execute(() -> {
                    if (state == State.CLOSED) {
                        if (u != null) {
                            u.connection().close();
                        }
                        return;
                    }
                    if (e != null) {
                        LOG.info("{}: upstream {} for {} failed: {}", id, upstreamName, account, Reasons.of(e));
                        state = State.AUTHORIZATION;
                        reply(failureReply(e));
                        done();
                        return;
                    }
                    LOG.info("{}: connected to upstream {} for {} ({})", id, upstreamName, account,
                            u.tls() ? "TLS" : "plain");
                    attach(u);
                    then.accept(u);
                }));
    }

    /** No port given: 110, or 995 when the allow-list permits only that (a provider reachable by POP3S only). */
    private UpstreamDecision defaultPortDecision(String host) {
        UpstreamDecision d110 = runtime.upstreamPolicy().check(host, 110);
        if (d110 instanceof UpstreamDecision.Allowed) {
            return d110;
        }
        UpstreamDecision d995 = runtime.upstreamPolicy().check(host, 995);
        return d995 instanceof UpstreamDecision.Allowed ? d995 : d110;
    }

    private static String failureReply(Throwable e) {
        Throwable c = Reasons.unwrap(e);
        if (c instanceof UpstreamFailure f) {
            return f.reply();
        }
        if (c instanceof UpstreamDeniedException) {
            return Pop3Replies.denied(c.getMessage());
        }
        if (c instanceof java.net.UnknownHostException) {
            return "-ERR [SYS/TEMP] " + Reasons.sanitize(c.getMessage());
        }
        return "-ERR [SYS/TEMP] upstream unreachable (" + Reasons.of(c) + ")";
    }

    private void attach(ConnectedUpstream u) {
        upstream = u;
        state = State.RELAY;
        UpstreamConnection conn = u.connection();
        conn.onReadComplete(ctx::flush);
        conn.onClose(reason -> {
            if (state != State.CLOSED && upstream != null && upstream.connection() == conn) {
                LOG.info("{}: {}", id, reason);
                if (listener.mode() == ListenerMode.GENERIC && !loggedIn) {
                    upstream = null;
                    state = State.AUTHORIZATION;
                } else {
                    replyAndClose(Pop3Replies.UPSTREAM_LOST);
                }
            }
        });
    }

    /** Drops the upstream after a failed login on the generic port, so the client can try another account. */
    private void detachAfterFailedLogin() {
        if (listener.mode() == ListenerMode.GENERIC && upstream != null) {
            ConnectedUpstream u = upstream;
            upstream = null;
            u.connection().send("QUIT\r\n", UpstreamConnection.Expect.SINGLE, new Ignore(u.connection()));
            state = State.AUTHORIZATION;
        }
    }

    private void sendUser(ConnectedUpstream up, String user, Runnable afterOk) {
        up.connection().send("USER " + user + "\r\n", UpstreamConnection.Expect.SINGLE, new Single() {
            @Override
            void result(String line) {
                if (line.startsWith("+OK") && afterOk != null) {
                    afterOk.run();
                    return;
                }
                reply(line);
                if (!line.startsWith("+OK")) {
                    gate.loginFailed(client.getAddress());
                    detachAfterFailedLogin();
                }
                done();
            }
        });
    }

    private void loginWithCredentials(ConnectedUpstream up, String user, LocalSasl.Credentials creds) {
        if (up.hasSaslMechanism("PLAIN")) {
            byte[] plain = (creds.authzid() + "\0" + user + "\0" + creds.password()).getBytes(StandardCharsets.UTF_8);
            up.connection().send("AUTH PLAIN " + Base64.getEncoder().encodeToString(plain) + "\r\n",
                    UpstreamConnection.Expect.SINGLE, loginResult(up));
        } else {
            // the upstream has no SASL PLAIN: the same credentials as USER/PASS
            sendUser(up, user, () -> up.connection().send("PASS " + creds.password() + "\r\n",
                    UpstreamConnection.Expect.SINGLE, loginResult(up)));
        }
    }

    private Single loginResult(ConnectedUpstream up) {
        return new Single() {
            @Override
            void result(String line) {
                if (line.startsWith("+ ")) {
                    // a server that ignores the initial response: cancel rather than guess
                    up.connection().send("*\r\n", UpstreamConnection.Expect.SINGLE, this);
                    return;
                }
                loginOutcome(line);
                reply(line);
                done();
            }
        };
    }

    private void loginOutcome(String line) {
        if (line.startsWith("+OK")) {
            loggedIn = true;
            gate.loginSucceeded(client.getAddress());
            LOG.info("{}: {} logged in at {}", id, account != null ? account : "client", upstreamName);
        } else {
            gate.loginFailed(client.getAddress());
            LOG.info("{}: login of {} at {} failed: {}", id, account != null ? account : "client", upstreamName,
                    Reasons.sanitize(line));
            detachAfterFailedLogin();
        }
    }

    // ---------------------------------------------------------------- STLS (client side)

    private void stls() {
        if (secured) {
            decoder.resume();
            reply(Pop3Replies.STLS_TWICE);
            return;
        }
        if (listener.tls() != ClientTls.STARTTLS || loggedIn || runtime.tls().serverContext() == null) {
            decoder.resume();
            reply(Pop3Replies.STLS_UNAVAILABLE);
            return;
        }
        // The decoder already discards anything pipelined after STLS; commands queued before it stay valid.
        pending.clear();
        busy = true;
        Channel ch = ctx.channel();
        ch.writeAndFlush(line(Pop3Replies.STLS_GO)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                ch.close();
                return;
            }
            SslHandler ssl = runtime.tls().serverContext().newHandler(ch.alloc());
            ch.pipeline().addFirst("ssl", ssl);
            ssl.handshakeFuture().addListener(h -> {
                if (!h.isSuccess()) {
                    LOG.info("{}: client STLS handshake failed: {}", id, Reasons.of(h.cause()));
                    ch.close();
                    return;
                }
                secured = true;
                decoder.resume();
                busy = false;
                drain();
            });
            // the handshake needs reads even though auto-read is off
            ch.read();
        });
    }

    // ---------------------------------------------------------------- relay

    private void handleRelay(Pop3Command cmd) {
        String k = cmd.keyword();
        boolean generic = listener.mode() == ListenerMode.GENERIC;
        if (!loggedIn && generic && (k.equals("USER") || k.equals("AUTH") || k.equals("APOP"))) {
            // a new account before the previous USER was completed: start over
            detachAfterFailedLogin();
            handleLocal(cmd);
            return;
        }
        switch (k) {
            case "QUIT" -> quit(cmd);
            // TOP is scanned like RETR: a client can fetch a whole message with "TOP n 99999999"
            case "RETR", "TOP" -> retr(cmd);
            case "CAPA" -> capa(cmd);
            case "PASS", "APOP" -> {
                if (!loggedIn && loginBlocked()) {
                    return;
                }
                if (k.equals("APOP")) {
                    account = cmd.args().split(" ", 2)[0];
                }
                loginCommand(cmd);
            }
            case "USER" -> {
                if (!loggedIn && loginBlocked()) {
                    return;
                }
                account = cmd.args().strip();
                relay(cmd, UpstreamConnection.Expect.SINGLE);
            }
            case "AUTH" -> {
                if (!loggedIn && loginBlocked()) {
                    return;
                }
                if (cmd.hasArgs()) {
                    relaySasl = true;
                    loginCommand(cmd);
                } else {
                    relay(cmd, UpstreamConnection.Expect.MULTI);
                }
            }
            default -> relay(cmd, expectFor(cmd));
        }
    }

    private static UpstreamConnection.Expect expectFor(Pop3Command cmd) {
        return switch (cmd.keyword()) {
            case "TOP" -> UpstreamConnection.Expect.MULTI;
            case "LIST", "UIDL" -> cmd.hasArgs() ? UpstreamConnection.Expect.SINGLE : UpstreamConnection.Expect.MULTI;
            default -> UpstreamConnection.Expect.SINGLE;
        };
    }

    private void loginCommand(Pop3Command cmd) {
        busy = true;
        upstream.connection().send(cmd.wire(), UpstreamConnection.Expect.SINGLE, new Single() {
            @Override
            void result(String line) {
                if (line.startsWith("+ ") && relaySasl) {
                    reply(line); // SASL continuation: the client's next line goes up unchanged
                    done();
                    return;
                }
                relaySasl = false;
                loginOutcome(line);
                reply(line);
                done();
            }
        });
    }

    private void quit(Pop3Command cmd) {
        busy = true;
        upstream.connection().send(cmd.wire(), UpstreamConnection.Expect.SINGLE, new Single() {
            @Override
            void result(String line) {
                state = State.CLOSED;
                ctx.writeAndFlush(line(line)).addListener(ChannelFutureListener.CLOSE);
                upstream.connection().close();
            }
        });
    }

    private void capa(Pop3Command cmd) {
        busy = true;
        upstream.connection().send(cmd.wire(), UpstreamConnection.Expect.MULTI, new UpstreamConnection.ResponseListener() {
            private final StringBuilder body = new StringBuilder();
            private String status;

            @Override
            public void status(String line) {
                status = line;
            }

            @Override
            public void body(ByteBuf slice) {
                try {
                    if (body.length() < 64 * 1024) {
                        body.append(slice.toString(StandardCharsets.ISO_8859_1));
                    }
                } finally {
                    slice.release();
                }
            }

            @Override
            public void end() {
                if (!status.startsWith("+OK")) {
                    reply(status);
                } else {
                    List<String> caps = new ArrayList<>();
                    for (String l : body.toString().split("\r?\n")) {
                        String c = l.startsWith(".") ? l.substring(1) : l;
                        // TLS is per hop: the upstream's STLS means nothing to this client
                        if (!c.isEmpty() && !c.toUpperCase(Locale.ROOT).equals("STLS")) {
                            caps.add(c);
                        }
                    }
                    if (listener.tls() == ClientTls.STARTTLS && !secured && !loggedIn) {
                        caps.add("STLS");
                    }
                    replyMulti(status, caps);
                }
                done();
            }

            @Override
            public void failed(String reason) {
                upstreamFailed(reason);
            }
        });
    }

    /** Relays a command and its answer unchanged, streaming multi-line bodies as they arrive. */
    private void relay(Pop3Command cmd, UpstreamConnection.Expect expect) {
        busy = true;
        UpstreamConnection conn = upstream.connection();
        conn.send(cmd.wire(), expect, new UpstreamConnection.ResponseListener() {
            private boolean multi;

            @Override
            public void status(String line) {
                multi = expect == UpstreamConnection.Expect.MULTI && line.startsWith("+OK");
                write(line(line));
            }

            @Override
            public void body(ByteBuf slice) {
                write(slice);
                if (!ctx.channel().isWritable()) {
                    conn.channel().config().setAutoRead(false); // resumed by channelWritabilityChanged
                }
            }

            @Override
            public void end() {
                if (multi) {
                    write(Unpooled.wrappedBuffer(TERMINATOR));
                }
                done();
            }

            @Override
            public void failed(String reason) {
                if (multi) {
                    // a multi-line answer cut off mid-way cannot be completed honestly: end the session
                    LOG.info("{}: {} during {}", id, reason, cmd.keyword());
                    state = State.CLOSED;
                    ctx.close();
                } else {
                    upstreamFailed(reason);
                }
            }
        });
    }

    private void upstreamFailed(String reason) {
        LOG.info("{}: {}", id, reason);
        replyAndClose(Pop3Replies.UPSTREAM_LOST);
    }

    // ---------------------------------------------------------------- RETR

    private RetrInterceptor retr;

    private void retr(Pop3Command cmd) {
        busy = true;
        retr = new RetrInterceptor(runtime, limits, ctx, upstream.connection(), cmd, id, client, listener.name(),
                account, upstreamName, new RetrInterceptor.Callback() {
            @Override
            public void delivered(long bytes) {
                retrieved++;
                bytesToClient += bytes;
                retr = null;
                done();
            }

            @Override
            public void refused(String reply) {
                retr = null;
                reply(reply);
                done();
            }

            @Override
            public void upstreamLost(String reply) {
                retr = null;
                replyAndClose(reply);
            }
        });
        retr.start();
    }

    // ---------------------------------------------------------------- output

    static final byte[] TERMINATOR = {'.', '\r', '\n'};

    private static ByteBuf line(String text) {
        return Unpooled.copiedBuffer(text + "\r\n", StandardCharsets.ISO_8859_1);
    }

    private void write(ByteBuf buf) {
        bytesToClient += buf.readableBytes();
        ctx.write(buf, ctx.voidPromise());
    }

    private void reply(String text) {
        LOG.debug("{}: S: {}", id, text);
        write(line(text));
    }

    private void replyMulti(String status, List<String> lines) {
        StringBuilder b = new StringBuilder(status).append("\r\n");
        for (String l : lines) {
            if (l.startsWith(".")) {
                b.append('.');
            }
            b.append(l).append("\r\n");
        }
        b.append(".\r\n");
        write(Unpooled.copiedBuffer(b, StandardCharsets.ISO_8859_1));
    }

    private void replyAndClose(String text) {
        state = State.CLOSED;
        pending.clear();
        if (ctx.channel().isActive()) {
            ByteBuf reply = line(text);
            bytesToClient += reply.readableBytes();
            ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
        }
        if (upstream != null) {
            upstream.connection().close();
        }
    }

    // ---------------------------------------------------------------- small listeners

    private abstract class Single implements UpstreamConnection.ResponseListener {
        private String status;

        @Override
        public void status(String line) {
            status = line;
        }

        @Override
        public void end() {
            result(status);
        }

        @Override
        public void failed(String reason) {
            upstreamFailed(reason);
        }

        abstract void result(String line);
    }

    /** For the QUIT sent to an abandoned upstream: close it whatever it answers. */
    private static final class Ignore implements UpstreamConnection.ResponseListener {
        private final UpstreamConnection conn;

        Ignore(UpstreamConnection conn) {
            this.conn = conn;
        }

        @Override
        public void status(String line) {
        }

        @Override
        public void end() {
            conn.close();
        }

        @Override
        public void failed(String reason) {
            conn.close();
        }
    }
}
