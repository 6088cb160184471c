package dev.mamori.smtp.policy;

import dev.mamori.core.config.ThrottleLimit;
import dev.mamori.core.config.ThrottleSettings;
import dev.mamori.core.net.Cidr;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's rate limits: connections and messages per client network, messages per envelope sender and per
 * authenticated user, each counted in a fixed window that starts with the first event of that client, sender or user
 * ({@link ThrottleLimit#window()}). Going over a limit blocks that client, sender or user for
 * {@link ThrottleLimit#blockFor()}: new connections get {@code 421 4.7.0}, new messages {@code 450 4.7.1}, with a text
 * that names the limit and when to retry and nothing about anyone else.
 *
 * <p>A client is keyed by its IPv4 address, or by the /64 of its IPv6 address (one subscriber's network), IPv4-mapped
 * IPv6 addresses as IPv4. Clients in {@code exempt} are never throttled, nor are their senders and users. The null
 * sender (bounces) is not throttled per sender, since every client's bounces share it; per client and per user it is.
 * Senders are compared case-insensitively, internationalised domains in their punycode form.
 *
 * <p>Thread-safe, non-blocking apart from one short lock per key; memory bounded by {@code maxTrackedKeys} per throttle
 * (see {@link RateCounter}).
 */
public final class Throttle {
    private final List<Cidr> exempt;
    private final Clock clock;
    private final RateCounter perIp;
    private final RateCounter perSender;
    private final RateCounter perUser;
    private final LongAdder throttledConnections = new LongAdder();
    private final LongAdder throttledByIp = new LongAdder();
    private final LongAdder throttledBySender = new LongAdder();
    private final LongAdder throttledByUser = new LongAdder();

    public Throttle(ThrottleSettings settings, Clock clock) {
        this.exempt = settings.exempt();
        this.clock = clock;
        this.perIp = new RateCounter(settings.perIp(), clock, settings.maxTrackedKeys());
        this.perSender = new RateCounter(settings.perSender(), clock, settings.maxTrackedKeys());
        this.perUser = new RateCounter(settings.perUser(), clock, settings.maxTrackedKeys());
    }

    /**
     * At connect: {@link PolicyReply#ACCEPT} and the connection counted (release it with {@link #disconnected}), or
     * {@code 421 4.7.0} when the client's network is over its connection limit or blocked.
     */
    public PolicyReply connect(InetAddress client) {
        if (isExempt(client)) {
            return PolicyReply.ACCEPT;
        }
        String key = clientKey(client);
        long blockedUntil = perIp.tryConnect(key);
        if (blockedUntil == 0) {
            return PolicyReply.ACCEPT;
        }
        throttledConnections.increment();
        return new PolicyReply(421, "4.7.0", "Too many connections from " + describe(key) + " (limit "
                + perIp.limit().maxConnections() + " per " + format(perIp.limit().window()) + "); try again in "
                + secondsUntil(blockedUntil) + " seconds");
    }

    /** The end of a session whose {@link #connect} was accepted. */
    public void disconnected(InetAddress client) {
        if (!isExempt(client)) {
            perIp.release(clientKey(client));
        }
    }

    /** At MAIL FROM: whether one more message may start, or {@code 450 4.7.1} naming the limit that is reached. */
    public PolicyReply mailFrom(InetAddress client, String sender, String authUser) {
        if (isExempt(client)) {
            return PolicyReply.ACCEPT;
        }
        long until = perIp.checkMessage(clientKey(client));
        if (until != 0) {
            throttledByIp.increment();
            return messageReply("from " + describe(clientKey(client)), perIp.limit(), until);
        }
        if (authUser != null) {
            until = perUser.checkMessage(userKey(authUser));
            if (until != 0) {
                throttledByUser.increment();
                return messageReply("for your account", perUser.limit(), until);
            }
        }
        String senderKey = senderKey(sender);
        if (senderKey != null) {
            until = perSender.checkMessage(senderKey);
            if (until != 0) {
                throttledBySender.increment();
                return messageReply("from this sender address", perSender.limit(), until);
            }
        }
        return PolicyReply.ACCEPT;
    }

    /** After the upstream accepted a message: counts it for the client, the user and the sender. */
    public void accepted(InetAddress client, String sender, String authUser) {
        if (isExempt(client)) {
            return;
        }
        perIp.countMessage(clientKey(client));
        if (authUser != null) {
            perUser.countMessage(userKey(authUser));
        }
        String senderKey = senderKey(sender);
        if (senderKey != null) {
            perSender.countMessage(senderKey);
        }
    }

    public boolean isExempt(InetAddress client) {
        InetAddress a = Cidr.unmap(client);
        for (Cidr c : exempt) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    public long throttledConnections() {
        return throttledConnections.sum();
    }

    public long throttledMessagesPerIp() {
        return throttledByIp.sum();
    }

    public long throttledMessagesPerSender() {
        return throttledBySender.sum();
    }

    public long throttledMessagesPerUser() {
        return throttledByUser.sum();
    }

    /** Keys currently remembered, all three throttles together. */
    public int trackedKeys() {
        return perIp.trackedKeys() + perSender.trackedKeys() + perUser.trackedKeys();
    }

    /** Events that passed untracked because a throttle's table was full of blocked or busy keys. */
    public long untracked() {
        return perIp.untracked() + perSender.untracked() + perUser.untracked();
    }

    /** {@code 192.0.2.7} for IPv4 (also when IPv4-mapped), {@code 2001:db8:1:2::/64} for IPv6. */
    public static String clientKey(InetAddress client) {
        byte[] a = Cidr.normalize(client);
        if (a.length == 4) {
            return NetUtil.bytesToIpAddress(a);
        }
        byte[] net = Arrays.copyOf(Arrays.copyOf(a, 8), 16);
        return NetUtil.bytesToIpAddress(net) + "/64";
    }

    /** The client's address as text, IPv4-mapped addresses as IPv4. */
    static String displayAddress(InetAddress client) {
        return NetUtil.bytesToIpAddress(Cidr.normalize(client));
    }

    static String senderKey(String sender) {
        String s = sender.strip();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty()) {
            return null;
        }
        EnvelopeAddress a = EnvelopeAddress.parse(s);
        if (a == null || a.domain() == null) {
            return s.toLowerCase(Locale.ROOT);
        }
        return a.localPart().toLowerCase(Locale.ROOT) + "@" + a.domain();
    }

    static String userKey(String user) {
        return user.toLowerCase(Locale.ROOT);
    }

    private PolicyReply messageReply(String whom, ThrottleLimit limit, long blockedUntil) {
        return new PolicyReply(450, "4.7.1", "Too many messages " + whom + " (limit " + limit.maxMessages() + " per "
                + format(limit.window()) + "); try again in " + secondsUntil(blockedUntil) + " seconds");
    }

    private static String describe(String key) {
        return key.endsWith("/64") ? "your network " + key : "your address " + key;
    }

    private long secondsUntil(long epochMillis) {
        return Math.max(1, (epochMillis - clock.millis() + 999) / 1000);
    }

    private static String format(Duration d) {
        return dev.mamori.core.config.Durations.format(d);
    }
}
