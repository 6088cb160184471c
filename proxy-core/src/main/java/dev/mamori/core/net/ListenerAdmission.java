package dev.mamori.core.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The accept-time check every listener makes before it builds a pipeline: the client ACL ({@code access.clients}),
 * then the connection limits of the {@link ClientGate}. A refused client gets the protocol's own reply line and the
 * connection is closed; an admitted one is released from the gate when its channel closes, whatever happens to the
 * pipeline afterwards (so a failure while initialising the channel cannot leak a connection slot).
 *
 * <p>Only the reply texts differ between protocols: {@code deniedReply} for an address outside the ACL (a permanent
 * refusal) and {@code busyReply}, given the gate's reason, for a temporary one.
 */
public final class ListenerAdmission {
    private static final Logger LOG = LogManager.getLogger(ListenerAdmission.class);

    private final ClientGate gate;
    private final String listener;
    private final String deniedReply;
    private final UnaryOperator<String> busyReply;

    /**
     * @param listener    how the log names the listener, e.g. {@code "POP3 listener main"}
     * @param deniedReply the reply line (without CRLF) for a client outside {@code access.clients}
     * @param busyReply   the reply line (without CRLF) for a client over a connection limit, given the reason
     */
    public ListenerAdmission(ClientGate gate, String listener, String deniedReply, UnaryOperator<String> busyReply) {
        this.gate = gate;
        this.listener = listener;
        this.deniedReply = deniedReply;
        this.busyReply = busyReply;
    }

    /**
     * Admits or refuses a newly accepted channel (call it first thing in {@code initChannel}). Returns {@code true}
     * when the caller should go on building the pipeline; {@code false} when the refusal has been written and the
     * channel is being closed.
     */
    public boolean admit(Channel ch) {
        InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
        if (!gate.isAllowedClient(remote.getAddress())) {
            LOG.warn("{}: refused client {} (not in access.clients)", listener, remote);
            refuse(ch, deniedReply);
            return false;
        }
        String busy = gate.admit(remote.getAddress());
        if (busy != null) {
            LOG.warn("{}: refused client {}: {}", listener, remote, busy);
            refuse(ch, busyReply.apply(busy));
            return false;
        }
        ch.closeFuture().addListener(f -> gate.release(remote.getAddress()));
        return true;
    }

    private static void refuse(Channel ch, String reply) {
        ch.writeAndFlush(Unpooled.copiedBuffer(reply + "\r\n", StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
