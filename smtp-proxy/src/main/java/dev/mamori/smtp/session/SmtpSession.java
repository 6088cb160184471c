package dev.mamori.smtp.session;

import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.SmtpHeaders;
import dev.mamori.core.config.SmtpLimits;
import dev.mamori.core.config.SmtpListener;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.log.Redaction;
import dev.mamori.core.metrics.ListenerMeter;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.core.runtime.ServiceControl;
import dev.mamori.core.scan.MessageSource;
import dev.mamori.core.scan.ScanContext;
import dev.mamori.core.scan.ScanService;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.action.HeaderBlock;
import dev.mamori.core.scan.action.Outcome;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.policy.PolicyAction;
import dev.mamori.core.spool.ArrivingSpool;
import dev.mamori.core.spool.Spool;
import dev.mamori.smtp.codec.DotStuffer;
import dev.mamori.smtp.codec.SmtpInput;
import dev.mamori.smtp.codec.SmtpInputFramer;
import dev.mamori.smtp.codec.SmtpReply;
import dev.mamori.smtp.policy.PolicyReply;
import dev.mamori.smtp.policy.SmtpClientFacts;
import dev.mamori.smtp.policy.SmtpPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client's SMTP session, relayed to one upstream session opened when the client connects. Runs entirely on the
 * client channel's event loop (the upstream connection shares it); spool I/O and scanning run on the runtime's
 * executors and come back to the loop. Commands are handled one at a time: the client channel has auto-read off and
 * Mamori reads only when the previous command is answered and no pipelined command waits in the framer.
 *
 * <p>The transaction: MAIL and RCPT go upstream after the gateway policy accepted them, and each gets the upstream's
 * own reply. DATA is answered by Mamori (354); the content is spooled, scanned and disposed of, and only then either
 * refused (the upstream transaction is reset) or sent upstream with DATA, and the upstream's final reply is relayed.
 * The client never hears 250 before the upstream said it; anything transient is 4xx.
 */
public final class SmtpSession extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LogManager.getLogger(SmtpSession.class);
    /** Spool bytes not yet on disk above which the client is not read (backpressure). */
    private static final long MAX_PENDING_SPOOL = 8L << 20;
    private static final int CONTENT_CHUNK = 64 * 1024;
    private static final Pattern QUEUE_ID = Pattern.compile("(?i)(?:queued as|queue id|id=)\\s*<?([A-Za-z0-9._@-]{1,64})");
    private static final Pattern PATH = Pattern.compile("(?i)^(FROM|TO):\\s*<([^<>]*)>(.*)$");

    private enum State { PROXY_HEADER, STARTING, COMMAND, AUTH, DATA, BUSY, CLOSED }

    private final ProxyRuntime runtime;
    private final SmtpListener listener;
    private final SmtpLimits limits;
    private final SmtpHeaders headers;
    private final SmtpPolicy policy;
    private final UpstreamConnector connector;
    private final RouteSelector routes;
    private final ScanService scanner;
    private final ListenerMeter meter;
    private final String serverName;
    /** Where completions from other threads continue; the channel's event loop unless a test supplies one. */
    private final java.util.concurrent.Executor completions;

    private ChannelHandlerContext ctx;
    private SmtpInputFramer framer;
    private State state = State.PROXY_HEADER;
    private ScheduledFuture<?> clientTimer;
    private ScheduledFuture<?> keepAlive;
    private Upstream up;
    private InetSocketAddress client;
    private boolean clientTls;
    private boolean begun;
    private String helo;
    private boolean esmtp;
    private boolean xclientSent;
    private String authUser;
    private String authMechanism;
    private String authCandidate;
    private int authResponses;
    private long maxSize;
    // the transaction
    private String sender;
    private final List<String> recipients = new ArrayList<>();
    private Spool spool;
    /** The transaction's message while DATA arrives, and its scan, started when DATA began. */
    private ArrivingSpool arrival;
    private CompletionStage<Verdict> arrivingScan;
    private ScanContext scanContext;
    private long contentSize;
    private boolean tooBig;

    public SmtpSession(ProxyRuntime runtime, SmtpListener listener, SmtpPolicy policy, UpstreamConnector connector,
                       RouteSelector routes, ScanService scanner) {
        this(runtime, listener, policy, connector, routes, scanner, null);
    }

    /**
     * With {@code completions}, work finishing on other threads (spool, scan, policy) continues there instead of on
     * the channel's event loop: for tests with an {@code EmbeddedChannel}, whose loop is not thread-safe.
     */
    public SmtpSession(ProxyRuntime runtime, SmtpListener listener, SmtpPolicy policy, UpstreamConnector connector,
                       RouteSelector routes, ScanService scanner, java.util.concurrent.Executor completions) {
        this.completions = completions;
        this.runtime = runtime;
        this.listener = listener;
        this.limits = runtime.config().smtp().limits();
        this.headers = runtime.config().smtp().headers();
        this.policy = policy;
        this.connector = connector;
        this.routes = routes;
        this.scanner = scanner;
        this.meter = runtime.traffic().listener("smtp", listener.name());
        this.serverName = runtime.config().server().name();
        this.maxSize = limits.maxMessageSize().bytes();
    }

    // ---- connection life cycle ----

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.framer = new SmtpInputFramer(ctx.alloc(), limits.maxCommandLength());
        this.client = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a
                : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0); // embedded test channels have no address
        this.clientTls = listener.tls() == ClientTls.IMPLICIT;
        meter.sessionOpened();
        if (listener.proxyProtocol()) {
            armClientTimer(limits.commandTimeout());
            ctx.read();
        } else {
            begin();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        cancelClientTimer();
        if (msg instanceof HAProxyMessage proxy) {
            try {
                proxyHeader(proxy);
            } finally {
                proxy.release();
            }
            return;
        }
        if (!(msg instanceof ByteBuf bytes)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        meter.clientToUpstream(bytes.readableBytes());
        if (state == State.CLOSED || state == State.PROXY_HEADER) {
            bytes.release();
            return;
        }
        framer.add(bytes);
        drain();
    }

    private void proxyHeader(HAProxyMessage m) {
        if (state != State.PROXY_HEADER) {
            return;
        }
        if (m.command() == HAProxyCommand.PROXY && m.sourceAddress() != null) {
            byte[] ip = NetUtil.createByteArrayFromIpAddressString(m.sourceAddress());
            if (ip != null) {
                try {
                    client = new InetSocketAddress(InetAddress.getByAddress(ip), m.sourcePort());
                } catch (UnknownHostException e) {
                    // cannot happen for a 4- or 16-byte array; keep the connection's address
                }
            }
        }
        LOG.debug("SMTP {}: PROXY header: client {}", listener.name(), client);
        begin();
    }

    private void begin() {
        state = State.STARTING;
        begun = true;
        if (!runtime.services().isEnabled(ServiceControl.Service.SMTP)) {
            LOG.info("SMTP {}: refused {}: SMTP is switched off", listener.name(), client);
            closeWith(SmtpReplies.serviceDisabled(serverName));
            return;
        }
        policy.connect(facts()).whenComplete((reply, e) -> onLoop(() -> {
            if (state == State.CLOSED) {
                return;
            }
            if (e != null) {
                LOG.warn("SMTP {}: policy failed at connect of {}: {}", listener.name(), client, e.toString());
                closeWith(SmtpReply.of(421, "4.3.0 " + serverName + " temporary policy failure, try again later"));
            } else if (!reply.accepted()) {
                LOG.info("SMTP {}: policy refused {}: {}", listener.name(), client, reply.line());
                closeWith(policyReply(reply));
            } else {
                openUpstream();
            }
        }));
    }

    private void openUpstream() {
        connector.open(ctx.channel(), routes.order()).whenComplete((u, e) -> onLoop(() -> {
            if (e != null) {
                if (u != null) {
                    u.close();
                }
                Throwable cause = unwrap(e);
                boolean tls = cause instanceof UpstreamUnavailableException ue && ue.tls();
                if (state != State.CLOSED) {
                    LOG.warn("SMTP {}: no upstream for {}: {}", listener.name(), client, cause.getMessage());
                    closeWith(tls ? SmtpReplies.upstreamTlsUnavailable(serverName) : SmtpReplies.upstreamUnavailable(serverName));
                }
                return;
            }
            if (state == State.CLOSED) {
                u.close();
                return;
            }
            up = u;
            up.onBytesIn(meter::upstreamToClient);
            up.onLost(this::upstreamLostWhileIdle);
            maxSize = EhloRewriter.sizeLimit(up.capabilities(), limits.maxMessageSize().bytes());
            LOG.debug("SMTP {}: {} relayed to {}{}", listener.name(), client, up.route(), up.tls() ? " (TLS)" : "");
            write(SmtpReplies.greeting(serverName));
            state = State.COMMAND;
            drain();
        }));
    }

    private void upstreamLostWhileIdle() {
        if (state == State.COMMAND || state == State.AUTH || state == State.DATA) {
            LOG.info("SMTP {}: upstream {} went away; ending the session of {}", listener.name(), up.route(), client);
            closeWith(SmtpReplies.upstreamLost(serverName));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSED;
        cancelClientTimer();
        stopKeepAlive();
        if (up != null) {
            up.close(); // without QUIT: an unfinished transaction is abandoned by the upstream
        }
        closeSpool();
        if (framer != null) {
            framer.release();
        }
        if (begun) {
            policy.disconnected(facts());
        }
        meter.sessionClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info("SMTP {}: session of {} ended: {}", listener.name(), client, cause.toString());
        ctx.close();
    }

    // ---- reading commands ----

    private void drain() {
        while (state != State.CLOSED) {
            if (state == State.DATA) {
                if (spool != null && spool.pendingWrites() > MAX_PENDING_SPOOL) {
                    ctx.executor().schedule(this::drain, 20, TimeUnit.MILLISECONDS);
                    return;
                }
                SmtpInput in = framer.pollData();
                if (in == null) {
                    break;
                }
                onData(in);
                continue;
            }
            if (state != State.COMMAND && state != State.AUTH) {
                return;
            }
            if (up != null && up.lost()) {
                closeWith(SmtpReplies.upstreamLost(serverName));
                return;
            }
            SmtpInput in = framer.pollLine();
            if (in == null) {
                break;
            }
            onLine(in);
        }
        if (state == State.COMMAND || state == State.AUTH || state == State.DATA) {
            armClientTimer(state == State.DATA ? limits.dataTimeout() : limits.commandTimeout());
            ctx.read();
        }
    }

    private void onLine(SmtpInput in) {
        if (in instanceof SmtpInput.TooLong) {
            if (state == State.AUTH) {
                cancelAuth();
            }
            write(SmtpReplies.LINE_TOO_LONG);
            return;
        }
        SmtpInput.Line line = (SmtpInput.Line) in;
        if (line.forbidden()) {
            if (state == State.AUTH) {
                cancelAuth();
            }
            write(SmtpReplies.NUL);
            return;
        }
        if (state == State.AUTH) {
            authResponse(line.text()); // never logged: a SASL response
            return;
        }
        String text = line.text();
        LOG.debug("SMTP {} {}: {}", listener.name(), client, Redaction.command(text));
        int sp = text.indexOf(' ');
        String verb = (sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT);
        String args = sp < 0 ? "" : text.substring(sp + 1).strip();
        switch (verb) {
            case "EHLO", "HELO" -> hello(verb, args);
            case "STARTTLS" -> startTls(args);
            case "AUTH" -> auth(text, args);
            case "MAIL" -> mail(text, args);
            case "RCPT" -> rcpt(text, args);
            case "DATA" -> data(args);
            case "RSET" -> rset();
            case "NOOP" -> relay("NOOP");
            case "QUIT" -> quit();
            case "VRFY" -> write(SmtpReplies.VRFY);
            case "EXPN", "ETRN", "TURN" -> write(SmtpReplies.NOT_IMPLEMENTED);
            case "HELP" -> write(SmtpReplies.HELP);
            case "XCLIENT", "XFORWARD" -> write(SmtpReplies.XCLIENT_REFUSED);
            case "BDAT" -> write(SmtpReplies.BDAT);
            default -> write(SmtpReplies.UNKNOWN);
        }
    }

    // ---- commands ----

    private void hello(String verb, String args) {
        if (args.isEmpty() || args.indexOf(' ') >= 0) {
            write(SmtpReplies.SYNTAX_HELO);
            return;
        }
        busy();
        resetTransaction();
        CompletableFuture<SmtpReply> before = xclient(args);
        before.thenCompose(x -> up.send(verb + " " + args, limits.commandTimeout()))
                .whenComplete((r, e) -> {
                    if (failed(e)) {
                        return;
                    }
                    if (r.code() != 250) {
                        done(r);
                        return;
                    }
                    helo = args;
                    esmtp = verb.equals("EHLO");
                    if (esmtp) {
                        up.capabilities(Capabilities.of(r));
                        maxSize = EhloRewriter.sizeLimit(up.capabilities(), limits.maxMessageSize().bytes());
                        done(EhloRewriter.rewrite(up.capabilities(), serverName, args, offerStartTls(), authAllowed(), maxSize));
                    } else {
                        done(SmtpReply.of(250, serverName));
                    }
                });
    }

    /**
     * XCLIENT (Postfix) once, before the client's first EHLO/HELO is relayed: the upstream then applies its own relay
     * control and logs to the real client. LOGIN is not sent: AUTH itself is relayed, so the upstream knows the user.
     */
    private CompletableFuture<SmtpReply> xclient(String heloName) {
        if (!listener.xclient() || xclientSent || !up.capabilities().has("XCLIENT")) {
            return CompletableFuture.completedFuture(null);
        }
        xclientSent = true;
        List<String> attrs = List.of(up.capabilities().param("XCLIENT").toUpperCase(Locale.ROOT).split("\\s+"));
        StringBuilder cmd = new StringBuilder("XCLIENT");
        if (attrs.contains("ADDR")) {
            cmd.append(" ADDR=").append(xtext(addressForXclient()));
        }
        if (attrs.contains("NAME")) {
            cmd.append(" NAME=[UNAVAILABLE]");
        }
        if (attrs.contains("HELO")) {
            cmd.append(" HELO=").append(xtext(heloName));
        }
        return up.send(cmd.toString(), limits.commandTimeout()).thenApply(r -> {
            if (r.code() != 220 && r.code() != 250) {
                LOG.warn("SMTP {}: upstream {} refused XCLIENT: {}", listener.name(), up.route(), r);
            }
            return r;
        });
    }

    private String addressForXclient() {
        InetAddress a = client.getAddress();
        return a instanceof java.net.Inet6Address ? "IPV6:" + a.getHostAddress() : a.getHostAddress();
    }

    /** RFC 3461 xtext: anything outside '!'..'~', '+' and '=' as +HH. */
    static String xtext(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            int v = c & 0xff;
            if (v < 0x21 || v > 0x7e || v == '+' || v == '=') {
                b.append('+').append(String.format("%02X", v));
            } else {
                b.append((char) v);
            }
        }
        return b.toString();
    }

    private boolean offerStartTls() {
        return listener.tls() == ClientTls.STARTTLS && !clientTls && runtime.tls().serverContext() != null;
    }

    /**
     * AUTH is relayed only when the password is protected on both hops: the client hop is TLS (or the listener has
     * {@code tls: none} and the client connects over loopback, so the password never leaves the machine in clear),
     * and the upstream hop is TLS (or the operator chose {@code upstreamTls: none} for a trusted network). An
     * opportunistic upstream that did not offer STARTTLS therefore gets no AUTH: no silent downgrade of credentials.
     */
    private boolean authAllowed() {
        if (up == null || EhloRewriter.authMechanisms(up.capabilities()).isEmpty()) {
            return false;
        }
        boolean clientHop = clientTls || (listener.tls() == ClientTls.NONE && peerIsLoopback());
        boolean upstreamHop = up.tls() || listener.upstreamTls() == UpstreamTls.NONE;
        return clientHop && upstreamHop;
    }

    private boolean peerIsLoopback() {
        return !(ctx.channel().remoteAddress() instanceof InetSocketAddress a) || a.getAddress().isLoopbackAddress();
    }

    private void startTls(String args) {
        if (!args.isEmpty()) {
            write(SmtpReplies.SYNTAX_NO_ARGS);
            return;
        }
        if (clientTls) {
            write(SmtpReplies.TLS_ALREADY);
            return;
        }
        SslContext server = runtime.tls().serverContext();
        if (listener.tls() != ClientTls.STARTTLS || server == null) {
            write(SmtpReplies.TLS_NOT_AVAILABLE);
            return;
        }
        // RFC 3207 5 / STARTTLS injection: nothing the client sent after STARTTLS in clear may count as a command
        framer.discardBuffered();
        busy();
        SslHandler ssl = new SslHandler(server.newEngine(ctx.alloc()), true);
        ctx.pipeline().addFirst("ssl", ssl);
        write(SmtpReplies.START_TLS);
        ssl.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                LOG.info("SMTP {}: TLS handshake with {} failed: {}", listener.name(), client, f.cause().getMessage());
                ctx.close();
                return;
            }
            clientTls = true;
            helo = null; // RFC 3207 4.2: the client starts over with EHLO
            resetTransaction();
            state = State.COMMAND;
            drain();
        });
        armClientTimer(limits.commandTimeout());
        ctx.read();
    }

    private void auth(String line, String args) {
        if (helo == null || !esmtp) {
            write(SmtpReplies.HELO_FIRST);
            return;
        }
        if (authUser != null) {
            write(SmtpReplies.AUTH_ALREADY);
            return;
        }
        if (sender != null) {
            write(SmtpReplies.AUTH_IN_TRANSACTION);
            return;
        }
        if (!authAllowed()) {
            write(SmtpReplies.AUTH_NOT_AVAILABLE);
            return;
        }
        String[] parts = args.split("\\s+", 2);
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        if (!EhloRewriter.authMechanisms(up.capabilities()).contains(mechanism)) {
            write(SmtpReplies.AUTH_MECHANISM);
            return;
        }
        authMechanism = mechanism;
        authResponses = 0;
        authCandidate = null;
        if (parts.length > 1 && !parts[1].equals("=")) {
            authCandidate = mechanism.equals("PLAIN") ? SaslUser.plain(parts[1]) : SaslUser.login(parts[1]);
            authResponses = 1;
        }
        sendAuth("AUTH " + mechanism + (parts.length > 1 ? " " + parts[1] : ""));
    }

    private void authResponse(String line) {
        if (line.strip().equals("*")) {
            sendAuth("*");
            return;
        }
        if (authCandidate == null && authResponses == 0) {
            authCandidate = authMechanism.equals("PLAIN") ? SaslUser.plain(line) : SaslUser.login(line);
        }
        authResponses++;
        sendAuth(line);
    }

    private void sendAuth(String line) {
        busy();
        up.send(line, limits.commandTimeout()).whenComplete((r, e) -> {
            if (failed(e)) {
                return;
            }
            if (r.code() == 334) {
                write(r);
                state = State.AUTH;
                drain();
                return;
            }
            if (r.code() == 235) {
                authUser = authCandidate == null ? "(unknown)" : authCandidate;
                LOG.info("SMTP {}: {} authenticated at {} as {} ({})", listener.name(), client, up.route(), authUser, authMechanism);
            } else {
                LOG.info("SMTP {}: AUTH {} of {} refused by {}: {}", listener.name(), authMechanism, client, up.route(), r.code());
            }
            authMechanism = null;
            authCandidate = null;
            done(r);
        });
    }

    /** A line too long or with NUL inside an exchange: the upstream's exchange is cancelled, its reply dropped. */
    private void cancelAuth() {
        up.send("*", limits.commandTimeout());
        authMechanism = null;
        authCandidate = null;
        state = State.COMMAND;
    }

    private void mail(String line, String args) {
        if (helo == null) {
            write(SmtpReplies.HELO_FIRST);
            return;
        }
        if (sender != null) {
            write(SmtpReplies.NESTED_MAIL);
            return;
        }
        Matcher m = PATH.matcher(args);
        if (!m.matches() || !m.group(1).equalsIgnoreCase("FROM")) {
            write(SmtpReplies.SYNTAX_MAIL);
            return;
        }
        String address = m.group(2);
        long declared = declaredSize(m.group(3));
        if (declared > maxSize) {
            write(SmtpReplies.messageTooBig(maxSize));
            return;
        }
        PolicyReply p = policy.mailFrom(facts(), address);
        if (!p.accepted()) {
            LOG.info("SMTP {}: policy refused MAIL FROM <{}> of {}: {}", listener.name(), address, client, p.line());
            write(policyReply(p));
            return;
        }
        busy();
        xforward().thenCompose(x -> up.send(line, limits.commandTimeout())).whenComplete((r, e) -> {
            if (failed(e)) {
                return;
            }
            if (r.positive()) {
                sender = address;
                recipients.clear();
            }
            done(r);
        });
    }

    /** The SIZE= parameter of MAIL (RFC 1870), or -1. */
    private static long declaredSize(String params) {
        for (String p : params.strip().split("\\s+")) {
            if (p.regionMatches(true, 0, "SIZE=", 0, 5)) {
                try {
                    return Long.parseLong(p.substring(5));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private CompletableFuture<SmtpReply> xforward() {
        if (!listener.xforward() || !up.capabilities().has("XFORWARD")) {
            return CompletableFuture.completedFuture(null);
        }
        List<String> attrs = List.of(up.capabilities().param("XFORWARD").toUpperCase(Locale.ROOT).split("\\s+"));
        StringBuilder cmd = new StringBuilder("XFORWARD");
        if (attrs.contains("ADDR")) {
            cmd.append(" ADDR=").append(xtext(addressForXclient()));
        }
        if (attrs.contains("NAME")) {
            cmd.append(" NAME=[UNAVAILABLE]");
        }
        if (attrs.contains("PROTO")) {
            cmd.append(" PROTO=").append(esmtp ? "ESMTP" : "SMTP");
        }
        if (attrs.contains("HELO") && helo != null) {
            cmd.append(" HELO=").append(xtext(helo));
        }
        return up.send(cmd.toString(), limits.commandTimeout()).thenApply(r -> {
            if (!r.positive()) {
                LOG.warn("SMTP {}: upstream {} refused XFORWARD: {}", listener.name(), up.route(), r);
            }
            return r;
        });
    }

    private void rcpt(String line, String args) {
        if (sender == null) {
            write(SmtpReplies.MAIL_FIRST);
            return;
        }
        Matcher m = PATH.matcher(args);
        if (!m.matches() || !m.group(1).equalsIgnoreCase("TO")) {
            write(SmtpReplies.SYNTAX_RCPT);
            return;
        }
        if (recipients.size() >= limits.maxRecipients()) {
            write(SmtpReplies.TOO_MANY_RECIPIENTS);
            return;
        }
        String address = m.group(2);
        PolicyReply p = policy.rcptTo(facts(), sender, address);
        if (!p.accepted()) {
            LOG.info("SMTP {}: policy refused RCPT TO <{}> from <{}> of {}: {}", listener.name(), address, sender, client, p.line());
            write(policyReply(p));
            return;
        }
        busy();
        up.send(line, limits.commandTimeout()).whenComplete((r, e) -> {
            if (failed(e)) {
                return;
            }
            if (r.positive()) {
                recipients.add(address);
            }
            done(r);
        });
    }

    private void data(String args) {
        if (!args.isEmpty()) {
            write(SmtpReplies.SYNTAX_NO_ARGS);
            return;
        }
        if (sender == null) {
            write(SmtpReplies.MAIL_FIRST);
            return;
        }
        if (recipients.isEmpty()) {
            write(SmtpReplies.NO_RECIPIENTS);
            return;
        }
        spool = new Spool(limits.spoolMemoryThreshold().bytes(), runtime.spoolDir(), runtime.ioExecutor());
        contentSize = 0;
        tooBig = false;
        startScan();
        write(SmtpReplies.START_DATA);
        framer.startData();
        state = State.DATA;
        startKeepAlive();
    }

    /** Starts scanning the message as it is uploaded, so the verdict is ready soon after the final dot. */
    private void startScan() {
        arrival = new ArrivingSpool(spool);
        String txId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        scanContext = new ScanContext("smtp", listener.name(), client, authUser != null ? authUser : sender,
                up.route(), txId, sender, List.copyOf(recipients));
        try {
            arrivingScan = scanner.scanArriving(arrival, scanContext);
        } catch (RuntimeException e) {
            arrivingScan = CompletableFuture.failedFuture(e);
        }
    }

    /**
     * NOOP upstream while the upstream waits for Mamori: during the client's upload and the scan. Without it an
     * upstream with a 5-minute command timeout (Postfix's default) would drop a slow transaction.
     */
    private void startKeepAlive() {
        stopKeepAlive();
        long every = limits.upstreamNoopInterval().toMillis();
        keepAlive = ctx.executor().scheduleAtFixedRate(() -> {
            if (up != null && up.idle() && !up.lost()) {
                up.send("NOOP", limits.commandTimeout()); // a lost upstream surfaces when DATA is sent
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private void stopKeepAlive() {
        if (keepAlive != null) {
            keepAlive.cancel(false);
            keepAlive = null;
        }
    }

    private void rset() {
        busy();
        up.send("RSET", limits.commandTimeout()).whenComplete((r, e) -> {
            if (failed(e)) {
                return;
            }
            resetTransaction();
            done(r);
        });
    }

    private void relay(String line) {
        busy();
        up.send(line, limits.commandTimeout()).whenComplete((r, e) -> {
            if (!failed(e)) {
                done(r);
            }
        });
    }

    private void quit() {
        closeWith(SmtpReplies.bye(serverName)); // QUIT goes upstream there
    }

    // ---- DATA ----

    private void onData(SmtpInput in) {
        if (in instanceof SmtpInput.Content c) {
            contentSize += c.bytes().readableBytes();
            if (contentSize > maxSize) {
                if (!tooBig) {
                    tooBig = true;
                    closeSpool(); // drain the rest without keeping it
                }
                c.bytes().release();
            } else {
                spool.appendOwned(c.bytes()); // the framer made it for us alone: kept, not copied
            }
            return;
        }
        SmtpInput.DataEnd end = (SmtpInput.DataEnd) in;
        busy();
        cancelClientTimer();
        if (tooBig || end.bareLineEnd()) {
            stopKeepAlive();
        }
        if (tooBig) {
            LOG.info("SMTP {}: message from <{}> of {} refused: larger than {} bytes", listener.name(), sender, client, maxSize);
            refuseAndReset(SmtpReplies.messageTooBig(maxSize));
            return;
        }
        if (end.bareLineEnd()) {
            LOG.info("SMTP {}: message from <{}> of {} refused: bare CR or LF", listener.name(), sender, client);
            refuseAndReset(SmtpReplies.BARE_LINE_END);
            return;
        }
        Spool s = spool;
        ArrivingSpool message = arrival;
        ScanContext context = scanContext;
        CompletionStage<Verdict> verdict = arrivingScan;
        s.finish().whenComplete((ok, e) -> onLoop(() -> {
            if (e == null) {
                message.completed();
            } else {
                message.failed(e);
            }
            if (state == State.CLOSED) {
                return;
            }
            if (e != null) {
                LOG.error("SMTP {}: message from <{}> of {} could not be spooled: {}", listener.name(), sender, client, e.toString());
                refuseAndReset(SmtpReplies.spoolFailed());
                return;
            }
            scan(message, context, verdict);
        }));
    }

    /** The result of scanning and disposing, computed off the loop. */
    private record Disposed(Outcome outcome, String messageId) {
    }

    private void scan(ArrivingSpool source, ScanContext context, CompletionStage<Verdict> verdictStage) {
        String txId = context.messageId();
        CompletableFuture<Disposed> result = new CompletableFuture<>();
        ScheduledFuture<?> deadline = ctx.executor().schedule(
                () -> result.completeExceptionally(new java.util.concurrent.TimeoutException("scan timed out")),
                limits.dataTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            verdictStage.thenApplyAsync(verdict -> {
                String messageId = null;
                try {
                    messageId = HeaderBlock.of(source).first("Message-ID");
                } catch (IOException | RuntimeException ignored) {
                    // tracking without a Message-ID
                }
                return new Disposed(runtime.disposer().dispose(source, verdict, context), messageId);
            }, runtime.scanExecutor()).whenComplete((d, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(d);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        result.whenComplete((d, e) -> onLoop(() -> {
            stopKeepAlive();
            deadline.cancel(false);
            if (state == State.CLOSED) {
                return;
            }
            if (e != null) {
                Throwable cause = unwrap(e);
                LOG.warn("SMTP {}: message {} from <{}> not scanned: {}", listener.name(), txId, sender, cause.toString());
                refuseAndReset(SmtpReplies.notScanned(cause instanceof java.util.concurrent.TimeoutException
                        ? "scan timed out" : "scanner unavailable"));
                return;
            }
            decide(d, source, source.spool(), txId);
        }));
    }

    /** The one place where scan outcomes become SMTP behaviour. */
    private void decide(Disposed d, MessageSource original, Spool spooled, String txId) {
        Outcome outcome = d.outcome();
        Verdict verdict = switch (outcome) {
            case Outcome.DeliverOriginal o -> o.verdict();
            case Outcome.DeliverModified m -> m.verdict();
            case Outcome.TempFail t -> null;
        };
        meter.message();
        if (outcome instanceof Outcome.DeliverModified m && verdict instanceof Verdict.Scanned
                && !m.decision().categories().isEmpty()) {
            meter.detection(m.decision().primary().name().toLowerCase(Locale.ROOT));
        } else if (verdict instanceof Verdict.Scanned sc && !sc.isClean()) {
            meter.detection(sc.detections().getFirst().category().name().toLowerCase(Locale.ROOT));
        }
        switch (outcome) {
            case Outcome.TempFail t -> {
                LOG.warn("SMTP {}: message {} from <{}> of {} deferred: {}", listener.name(), txId, sender, client, t.reason());
                refuseAndReset(SmtpReplies.notScanned(printable(t.reason(), 120)));
            }
            case Outcome.DeliverModified m when m.decision().action().disposition() == PolicyAction.Disposition.REPLACE -> {
                String names = threatNames(verdict, m.decision().reasons());
                LOG.warn("SMTP {}: message {} from <{}> of {} refused: {}{}", listener.name(), txId, sender, client, names,
                        m.quarantineId() != null ? " (quarantined as " + m.quarantineId() + ")" : "");
                refuseAndReset(SmtpReplies.threat(names));
            }
            case Outcome.DeliverModified m -> deliver(m.message(), null, false, d.messageId(), txId);
            case Outcome.DeliverOriginal o -> deliver(original, spooled, true, d.messageId(), txId);
        }
    }

    private static String threatNames(Verdict verdict, List<String> reasons) {
        List<String> names = verdict instanceof Verdict.Scanned sc && !sc.detections().isEmpty()
                ? sc.detections().stream().map(Detection::name).distinct().toList() : reasons;
        return printable(names.isEmpty() ? "policy" : String.join(", ", names), 300);
    }

    private static String printable(String s, int max) {
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > max ? p.substring(0, max) + "..." : p;
    }

    /**
     * Sends DATA upstream and the message after it, then relays the upstream's final reply. The original comes
     * straight from its spool ({@code spooled}); a message changed by policy is read from its source.
     */
    private void deliver(MessageSource message, Spool spooled, boolean clean, String messageId, String txId) {
        up.send("DATA", limits.commandTimeout()).whenComplete((r, e) -> {
            if (e != null) {
                finalFailure(unwrap(e), txId);
                return;
            }
            if (r.code() != 354) {
                LOG.info("SMTP {}: upstream {} refused DATA for message {}: {}", listener.name(), up.route(), txId, r);
                up.send("RSET", limits.commandTimeout());
                resetTransaction();
                done(r);
                return;
            }
            DotStuffer stuffer = new DotStuffer();
            ByteBuf prefix = Unpooled.copiedBuffer(addedHeaders(clean, txId), StandardCharsets.US_ASCII);
            try {
                up.write(stuffer.stuff(prefix, ctx.alloc()));
            } finally {
                prefix.release();
            }
            if (spooled != null) {
                sendSpool(spooled, 0, stuffer, messageId, txId);
                return;
            }
            runtime.ioExecutor().execute(() -> {
                try {
                    InputStream in = message.openStream();
                    pump(in, stuffer, new byte[CONTENT_CHUNK], messageId, txId);
                } catch (IOException | RuntimeException ex) {
                    onLoop(() -> contentFailed(ex, txId));
                }
            });
        });
    }

    private String addedHeaders(boolean clean, String txId) {
        StringBuilder b = new StringBuilder();
        if (headers.received()) {
            b.append(ReceivedHeader.of(helo, client, serverName, esmtp, clientTls, authUser != null, txId, recipients,
                    ZonedDateTime.now()));
        }
        if (clean && headers.scanHeaders()) {
            b.append("X-Mamori-Status: clean\r\n");
        }
        return b.toString();
    }

    /** Reads the next chunk on the I/O executor, writes it stuffed on the loop, and continues once it is written. */
    private void pump(InputStream in, DotStuffer stuffer, byte[] buf, String messageId, String txId) {
        int n;
        try {
            n = in.readNBytes(buf, 0, buf.length);
        } catch (IOException | RuntimeException e) {
            closeQuietly(in);
            onLoop(() -> contentFailed(e, txId));
            return;
        }
        int read = n;
        onLoop(() -> {
            if (state == State.CLOSED || up.lost()) {
                closeQuietly(in);
                if (state != State.CLOSED) {
                    finalFailure(new UpstreamLostException("upstream lost while sending the message", false), txId);
                }
                return;
            }
            if (read == 0) {
                closeQuietly(in);
                up.write(stuffer.end(ctx.alloc()));
                up.expect(limits.upstreamFinalReplyTimeout()).whenComplete((r, e) -> finalReply(r, e, messageId, txId));
                return;
            }
            ByteBuf chunk = Unpooled.wrappedBuffer(buf, 0, read);
            ChannelFuture f = up.write(stuffer.stuff(chunk, ctx.alloc()));
            f.addListener(done -> {
                if (done.isSuccess()) {
                    runtime.ioExecutor().execute(() -> pump(in, stuffer, buf, messageId, txId));
                } else {
                    closeQuietly(in);
                    up.lose("write to upstream failed: " + done.cause().getMessage(), false);
                    finalFailure(new UpstreamLostException("write failed", false), txId);
                }
            });
        });
    }

    /**
     * Sends the spooled message from {@code offset} on. A spool in memory is read on the loop itself, a spool file on
     * the spool's I/O executor, so an in-memory message costs no thread hand-off. The next chunk follows at once while
     * the upstream channel is writable, else when the last write completed: at most about one chunk more than the
     * channel's high water mark waits in memory.
     */
    private void sendSpool(Spool s, long offset, DotStuffer stuffer, String messageId, String txId) {
        long pos = offset;
        while (true) {
            if (state == State.CLOSED || up.lost()) {
                if (state != State.CLOSED) {
                    finalFailure(new UpstreamLostException("upstream lost while sending the message", false), txId);
                }
                return;
            }
            if (pos >= s.size()) {
                up.write(stuffer.end(ctx.alloc())).addListener(this::failedWrite);
                up.expect(limits.upstreamFinalReplyTimeout()).whenComplete((r, e) -> finalReply(r, e, messageId, txId));
                return;
            }
            CompletableFuture<ByteBuf> read = s.readChunk(pos, CONTENT_CHUNK).toCompletableFuture();
            if (!read.isDone()) {
                long at = pos;
                read.whenComplete((chunk, e) -> onLoop(() -> {
                    if (e == null) {
                        sendChunk(s, at, chunk, stuffer, messageId, txId);
                    } else if (state != State.CLOSED) {
                        contentFailed(unwrap(e), txId);
                    }
                }));
                return;
            }
            ByteBuf chunk;
            try {
                chunk = read.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                contentFailed(unwrap(e), txId);
                return;
            }
            int n = chunk.readableBytes();
            ChannelFuture written = writeStuffed(chunk, stuffer);
            pos += n;
            if (!up.channel().isWritable() && !written.isDone()) {
                long next = pos;
                written.addListener(f -> sendSpool(s, next, stuffer, messageId, txId)); // runs on the loop
                return;
            }
        }
    }

    /** A chunk read asynchronously from a spool file: written, then the next one. */
    private void sendChunk(Spool s, long at, ByteBuf chunk, DotStuffer stuffer, String messageId, String txId) {
        if (state == State.CLOSED || up.lost()) {
            chunk.release();
            sendSpool(s, at, stuffer, messageId, txId); // reports the loss
            return;
        }
        long next = at + chunk.readableBytes();
        ChannelFuture written = writeStuffed(chunk, stuffer);
        if (up.channel().isWritable() || written.isDone()) {
            sendSpool(s, next, stuffer, messageId, txId);
        } else {
            written.addListener(f -> sendSpool(s, next, stuffer, messageId, txId));
        }
    }

    /** Writes the stuffed form of {@code chunk} upstream and releases it. */
    private ChannelFuture writeStuffed(ByteBuf chunk, DotStuffer stuffer) {
        ByteBuf out;
        try {
            out = stuffer.stuff(chunk, ctx.alloc());
        } finally {
            chunk.release();
        }
        return up.write(out).addListener(this::failedWrite);
    }

    /** A failed write of message content: the upstream connection is given up (the session reports it as 4xx). */
    private void failedWrite(io.netty.util.concurrent.Future<? super Void> f) {
        if (!f.isSuccess() && up != null && !up.lost()) {
            up.lose("write to upstream failed: " + f.cause().getMessage(), false);
        }
    }

    private void contentFailed(Throwable e, String txId) {
        LOG.error("SMTP {}: message {} could not be read back from the spool: {}", listener.name(), txId, e.toString());
        // the upstream holds a partial message: only dropping the connection keeps it from being delivered
        up.lose("message content could not be read", false);
        resetTransaction();
        done(SmtpReplies.spoolFailed());
    }

    private void finalReply(SmtpReply r, Throwable e, String messageId, String txId) {
        if (e != null) {
            finalFailure(unwrap(e), txId);
            return;
        }
        if (r.positive()) {
            String queueId = queueId(r);
            LOG.info("SMTP {}: message {} Message-ID {} from <{}> to {} recipient(s) of {}{} accepted by {} queue id {}",
                    listener.name(), txId, messageId == null ? "(none)" : printable(messageId, 200), sender,
                    recipients.size(), client, authUser != null ? " (user " + authUser + ")" : "", up.route(), queueId);
            policy.accepted(facts(), sender, recipients.size());
        } else {
            LOG.info("SMTP {}: message {} from <{}> refused by {}: {}", listener.name(), txId, sender, up.route(), r);
        }
        resetTransaction();
        done(r);
    }

    /** The upstream dropped or timed out before its final reply: the client hears 4xx and retries later. */
    private void finalFailure(Throwable cause, String txId) {
        boolean timeout = cause instanceof UpstreamLostException ul && ul.timeout();
        LOG.warn("SMTP {}: message {} from <{}> of {} not confirmed by upstream {}: {}", listener.name(), txId, sender,
                client, up.route(), cause.getMessage());
        up.lose("no final reply", timeout);
        resetTransaction();
        done(SmtpReplies.noFinalReply(timeout));
    }

    static String queueId(SmtpReply r) {
        Matcher m = QUEUE_ID.matcher(r.joined());
        if (m.find()) {
            return m.group(1);
        }
        return "(" + printable(r.joined(), 120) + ")";
    }

    /** Mamori's refusal of the message; the upstream's transaction is reset so the client may start another. */
    private void refuseAndReset(SmtpReply reply) {
        up.send("RSET", limits.commandTimeout()).whenComplete((r, e) -> {
            resetTransaction();
            if (e != null) {
                // the refusal stands; the next command finds the upstream lost and ends the session with 421
                LOG.info("SMTP {}: upstream lost while resetting: {}", listener.name(), unwrap(e).getMessage());
            }
            done(reply);
        });
    }

    // ---- helpers ----

    private SmtpClientFacts facts() {
        return new SmtpClientFacts(client, listener.name(), helo, authUser, clientTls);
    }

    private SmtpReply policyReply(PolicyReply p) {
        return SmtpReply.of(p.code(), p.enhancedCode() + " " + p.text());
    }

    private void busy() {
        state = State.BUSY;
    }

    /** Answers the command in progress and goes on with the next one. */
    private void done(SmtpReply reply) {
        if (state == State.CLOSED) {
            return;
        }
        if (reply.code() == 421) {
            // the upstream is closing the transmission channel: so is this session (RFC 5321 3.8)
            closeWith(reply);
            return;
        }
        write(reply);
        state = State.COMMAND;
        drain();
    }

    /** Handles an upstream failure in the middle of a command; true when there was one (the session is then ending). */
    private boolean failed(Throwable e) {
        if (e == null) {
            return false;
        }
        if (state != State.CLOSED) {
            LOG.info("SMTP {}: upstream {} lost during a command of {}: {}", listener.name(), up.route(), client,
                    unwrap(e).getMessage());
            closeWith(SmtpReplies.upstreamLost(serverName));
        }
        return true;
    }

    private void resetTransaction() {
        stopKeepAlive();
        sender = null;
        recipients.clear();
        closeSpool();
        contentSize = 0;
        tooBig = false;
    }

    private void closeSpool() {
        if (spool != null) {
            spool.close();
            spool = null;
        }
        if (arrival != null) {
            // a scan still reading it stops (the spool is closed); a complete message is not affected. Checked
            // first because an exception's stack trace is costly and this runs after every relayed message.
            if (!arrival.settled()) {
                arrival.failed(new java.util.concurrent.CancellationException("the message did not arrive"));
            }
            arrival = null;
            arrivingScan = null;
        }
    }

    private void write(SmtpReply reply) {
        ByteBuf b = reply.encode(ctx.alloc());
        ctx.writeAndFlush(b);
    }

    private void closeWith(SmtpReply reply) {
        state = State.CLOSED;
        cancelClientTimer();
        if (up != null) {
            up.quit();
        }
        ctx.writeAndFlush(reply.encode(ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
    }

    private void armClientTimer(Duration d) {
        cancelClientTimer();
        clientTimer = ctx.executor().schedule(() -> {
            if (state != State.CLOSED) {
                LOG.info("SMTP {}: {} timed out", listener.name(), client);
                closeWith(SmtpReplies.timeout(serverName));
            }
        }, d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelClientTimer() {
        if (clientTimer != null) {
            clientTimer.cancel(false);
            clientTimer = null;
        }
    }

    private void onLoop(Runnable r) {
        if (completions != null) {
            completions.execute(r);
            return;
        }
        Channel ch = ctx.channel();
        if (ch.eventLoop().inEventLoop()) {
            r.run();
        } else {
            ch.eventLoop().execute(r);
        }
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // a spool stream: nothing to recover
        }
    }
}
