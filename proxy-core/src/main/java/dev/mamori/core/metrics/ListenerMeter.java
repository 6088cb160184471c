package dev.mamori.core.metrics;

import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.action.Outcome;
import dev.mamori.core.scan.policy.PolicyCategory;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one listener, updated by its sessions from any thread without locks. Byte counts are wire bytes as
 * relayed (after TLS decryption), in the direction named.
 */
public final class ListenerMeter {
    private final String protocol;
    private final String listener;
    private final LongAdder clientToUpstream = new LongAdder();
    private final LongAdder upstreamToClient = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder detections = new LongAdder();
    private final LongAdder sessionsOpened = new LongAdder();
    private final LongAdder sessionsClosed = new LongAdder();
    private final Map<String, LongAdder> byCategory = new ConcurrentHashMap<>();

    ListenerMeter(String protocol, String listener) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public String protocol() {
        return protocol;
    }

    public String listener() {
        return listener;
    }

    public void sessionOpened() {
        sessionsOpened.increment();
    }

    public void sessionClosed() {
        sessionsClosed.increment();
    }

    public void clientToUpstream(long bytes) {
        clientToUpstream.add(bytes);
    }

    public void upstreamToClient(long bytes) {
        upstreamToClient.add(bytes);
    }

    /** A message scanned (POP3 RETR/TOP or SMTP DATA), whatever its verdict. */
    public void message() {
        messages.increment();
    }

    /**
     * A message with a threat in one category; {@code category} is the policy category in lower case, e.g.
     * {@code virus}. For a message in several categories use {@link #detection(Collection)}.
     */
    public void detection(String category) {
        detections.increment();
        byCategory.computeIfAbsent(category, c -> new LongAdder()).increment();
    }

    /** One message with a threat in each of {@code categories} (policy categories in lower case). */
    public void detection(Collection<String> categories) {
        if (categories.isEmpty()) {
            return;
        }
        detections.increment();
        for (String c : new java.util.TreeSet<>(categories)) {
            byCategory.computeIfAbsent(c, k -> new LongAdder()).increment();
        }
    }

    /**
     * A message went through the scanner and the policy: counts the message, and a detection in the categories the
     * policy saw. A release from quarantine is not counted again as a detection (it was when it was quarantined).
     */
    public void scanned(Outcome outcome) {
        message();
        detection(categories(outcome));
    }

    /** The policy categories (lower case) of an outcome; empty for clean mail, releases and failures. */
    public static List<String> categories(Outcome outcome) {
        Set<PolicyCategory> found = new java.util.TreeSet<>();
        switch (outcome) {
            case Outcome.DeliverModified m -> found.addAll(m.decision().categories());
            case Outcome.DeliverOriginal d when d.releasedFrom() == null && d.verdict() instanceof Verdict.Scanned s -> {
                s.detections().forEach(x -> found.add(PolicyCategory.of(x.category())));
                s.findings().forEach(f -> found.add(PolicyCategory.of(f.kind())));
            }
            default -> {
            }
        }
        return found.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    }

    ListenerStats stats() {
        Map<String, Long> categories = new java.util.TreeMap<>();
        byCategory.forEach((k, v) -> categories.put(k, v.sum()));
        long closed = sessionsClosed.sum();
        long opened = sessionsOpened.sum();
        return new ListenerStats(protocol, listener, clientToUpstream.sum(), upstreamToClient.sum(), messages.sum(),
                detections.sum(), categories, Math.max(0, opened - closed), opened);
    }
}
