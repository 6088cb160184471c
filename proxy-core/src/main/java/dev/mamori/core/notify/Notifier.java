package dev.mamori.core.notify;

import dev.mamori.core.config.DetectionNotifications;
import dev.mamori.core.config.NotificationSettings;
import dev.mamori.core.events.EventHub;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.runtime.NamedThreads;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mail to administrators, driven by the live event feed: detections (one mail each, or a digest at most every
 * {@code digestInterval}), failed component updates and system alerts. Event handling only formats and queues; one
 * thread of its own sends, behind a bounded queue, so a slow or dead mail server never holds up the event feed, let
 * alone mail. A mail that cannot be queued or sent is logged and counted ({@link #failed()}), nothing more.
 *
 * <p>Digest: the first detection after a quiet interval is mailed at the next {@link #tick()} (the runtime ticks every
 * 30 seconds); detections after it are collected and mailed together once the interval since the last digest has
 * passed. A digest lists at most {@value #DIGEST_LIST_LIMIT} detections and counts the rest.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(Notifier.class);
    static final int DIGEST_LIST_LIMIT = 100;
    private static final String FAILED = dev.mamori.core.component.ComponentStatus.State.FAILED.word();
    private static final int QUEUE = 100;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final NotificationSettings settings;
    private final MailSender sender;
    private final Clock clock;
    private final String serverName;
    private final ThreadPoolExecutor executor;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, MailTemplate> templates = new LinkedHashMap<>();
    private AutoCloseable subscription = () -> { };

    // digest state, under "this"
    private final List<MamoriEvent.Detection> pending = new ArrayList<>();
    private long pendingOverflow;
    private Instant lastDigest;

    public Notifier(NotificationSettings settings, MailSender sender, Clock clock, String serverName) {
        this.settings = settings;
        this.sender = sender;
        this.clock = clock;
        this.serverName = serverName;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                NamedThreads.factory("mamori-notify"), new ThreadPoolExecutor.AbortPolicy());
        for (String t : List.of("detection", "detection-digest", "component-failed", "alert")) {
            templates.put(t, MailTemplate.load(t));
        }
    }

    /** Starts listening to the live feed. */
    public Notifier subscribe(EventHub hub) {
        this.subscription = hub.subscribe(this::onEvent);
        return this;
    }

    /** Mails sent since start. */
    public long sent() {
        return sent.get();
    }

    /** Mails that could not be sent or queued since start. */
    public long failed() {
        return failed.get();
    }

    void onEvent(MamoriEvent event) {
        switch (event) {
            case MamoriEvent.Detection d -> detection(d);
            case MamoriEvent.ComponentChanged c when c.state().equals(FAILED) && settings.system().enabled() ->
                    queue("component-failed", Map.of("component", c.component(),
                            "version", c.version() == null ? "-" : c.version(),
                            "detail", c.detail() == null ? "" : c.detail(), "time", TIME.format(c.time())));
            case MamoriEvent.SystemAlert a when settings.system().enabled() ->
                    queue("alert", Map.of("kind", a.kind(), "severity", a.severity(), "message", a.message(),
                            "time", TIME.format(a.time())));
            default -> {
            }
        }
    }

    private void detection(MamoriEvent.Detection d) {
        switch (settings.detections().mode()) {
            case OFF -> {
            }
            case EACH -> queue("detection", detectionValues(d));
            case DIGEST -> {
                synchronized (this) {
                    if (pending.size() < DIGEST_LIST_LIMIT) {
                        pending.add(d);
                    } else {
                        pendingOverflow++;
                    }
                }
            }
        }
    }

    /** Sends the digest when it is due; the runtime calls this every 30 seconds. */
    public void tick() {
        digest(false);
    }

    private void digest(boolean force) {
        if (settings.detections().mode() != DetectionNotifications.Mode.DIGEST) {
            return;
        }
        List<MamoriEvent.Detection> batch;
        long more;
        synchronized (this) {
            Instant now = clock.instant();
            if (pending.isEmpty()) {
                return;
            }
            Duration interval = settings.detections().digestInterval();
            if (!force && lastDigest != null && Duration.between(lastDigest, now).compareTo(interval) < 0) {
                return;
            }
            batch = List.copyOf(pending);
            more = pendingOverflow;
            pending.clear();
            pendingOverflow = 0;
            lastDigest = now;
        }
        StringBuilder list = new StringBuilder();
        for (MamoriEvent.Detection d : batch) {
            list.append("- ").append(TIME.format(d.time())).append("  ").append(d.protocol()).append("  ")
                    .append(nz(d.account())).append("  ").append(String.join(", ", d.threats())).append("  (")
                    .append(nz(d.action())).append(d.quarantineId() == null ? "" : ", quarantine " + d.quarantineId())
                    .append(")\n    subject: ").append(oneLine(d.subject())).append('\n');
        }
        if (more > 0) {
            list.append("... and ").append(more).append(" more (see the detections list)\n");
        }
        long total = batch.size() + more;
        queue("detection-digest", Map.of("count", Long.toString(total), "list", list.toString(),
                "interval", dev.mamori.core.config.Durations.format(settings.detections().digestInterval())));
    }

    private Map<String, String> detectionValues(MamoriEvent.Detection d) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("time", TIME.format(d.time()));
        v.put("protocol", d.protocol());
        v.put("listener", nz(d.listener()));
        v.put("client", nz(d.client()));
        v.put("account", nz(d.account()));
        v.put("upstream", nz(d.upstream()));
        v.put("recipients", d.recipients().isEmpty() ? "-" : String.join(", ", d.recipients()));
        v.put("subject", oneLine(d.subject()));
        v.put("messageId", nz(d.messageId()));
        v.put("threats", String.join(", ", d.threats()));
        v.put("categories", String.join(", ", d.categories()));
        v.put("action", nz(d.action()));
        v.put("quarantineId", nz(d.quarantineId()));
        return v;
    }

    private void queue(String template, Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.put("server", serverName);
        MailTemplate t = templates.get(template);
        String subject = t.renderSubject(all);
        String body = t.renderBody(all);
        try {
            executor.execute(() -> send(template, subject, body));
        } catch (RejectedExecutionException e) {
            failed.incrementAndGet();
            LOG.warn("Notification '{}' dropped: the mail queue is full or closed", subject);
        }
    }

    private void send(String template, String subject, String body) {
        try {
            sender.send(subject, body);
            sent.incrementAndGet();
            LOG.debug("Notification sent: {}", subject);
        } catch (Exception e) {
            failed.incrementAndGet();
            // the message names the server or the refusal; never the password (it is not in any exception text)
            LOG.warn("Notification '{}' ({}) could not be sent to {}: {}", subject, template,
                    settings.smtp().host() + ":" + settings.smtp().port(), e.toString());
        }
    }

    private static String nz(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String oneLine(String s) {
        return s == null ? "-" : s.replaceAll("[\\r\\n\\t]+", " ");
    }

    /** Stops listening, queues the digest collected so far; mails already queued get up to five seconds. */
    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            // removing a subscriber does not fail
        }
        digest(true);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
