package dev.mamori.core.runtime;

import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.SystemNotifications;
import dev.mamori.core.events.EventHub;
import dev.mamori.core.log.SyslogEvents;
import dev.mamori.core.metrics.PrometheusEndpoint;
import dev.mamori.core.metrics.PrometheusText.Figure;
import dev.mamori.core.metrics.TrafficMeter;
import dev.mamori.core.notify.Notifier;
import dev.mamori.core.notify.SmtpMailSender;
import dev.mamori.core.notify.SystemMonitor;
import dev.mamori.core.notify.UpstreamHealth;
import dev.mamori.core.store.EventStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What watches a running server, started from the config by {@link ProxyRuntime}: upstream reachability and the
 * periodic system checks (always: their alerts reach syslog and the dashboard), the syslog event feed
 * ({@code logging.syslog}), mail notifications ({@code notifications}) and the Prometheus endpoint
 * ({@code metrics.prometheus}).
 */
final class Observability implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(Observability.class);

    private final UpstreamHealth upstreamHealth;
    private SyslogEvents syslogEvents;
    private Notifier notifier;
    private PrometheusEndpoint prometheus;

    private Observability(UpstreamHealth upstreamHealth) {
        this.upstreamHealth = upstreamHealth;
    }

    /** Starts everything the config enables; on failure closes what it started and throws. */
    static Observability start(MamoriConfig config, EventHub events, EventStore store, TrafficMeter traffic,
                               ScheduledExecutorService housekeeping) throws IOException {
        var n = config.notifications();
        SystemNotifications system = n != null ? n.system() : SystemNotifications.defaults();
        Observability o = new Observability(new UpstreamHealth(events, Clock.systemUTC(), system.upstreamUnreachableAfter()));
        try {
            SystemMonitor monitor = new SystemMonitor(events, Clock.systemUTC(), config.server().dataDir(),
                    system.diskFreeBelow().value(), store::droppedEvents);
            housekeeping.scheduleWithFixedDelay(() -> guarded("System check", monitor::check), 10, 60, TimeUnit.SECONDS);
            if (config.logging().syslog().enabled()) {
                o.syslogEvents = SyslogEvents.subscribe(events);
            }
            if (n != null) {
                try {
                    SmtpMailSender sender = new SmtpMailSender(n, config.upstreams().extraCaFiles(), Duration.ofSeconds(30));
                    o.notifier = new Notifier(n, sender, Clock.systemUTC(), config.server().name()).subscribe(events);
                } catch (GeneralSecurityException e) {
                    throw new IOException("notifications: TLS trust cannot be set up: " + e.getMessage(), e);
                }
                Notifier notifier = o.notifier;
                housekeeping.scheduleWithFixedDelay(() -> guarded("Notification digest", notifier::tick), 30, 30,
                        TimeUnit.SECONDS);
                LOG.info("Notifications to {} through {}:{} (detections: {})", n.to(), n.smtp().host(), n.smtp().port(),
                        n.detections().mode().yaml());
            }
            var p = config.metrics().prometheus();
            if (p.enabled()) {
                try {
                    o.prometheus = PrometheusEndpoint.start(new InetSocketAddress(p.bind().host(), p.bind().port()),
                            traffic, () -> o.figures(events, store));
                } catch (IOException e) {
                    throw new BindException("metrics.prometheus cannot listen on " + p.bind() + ": " + e.getMessage());
                }
            }
            return o;
        } catch (IOException | RuntimeException e) {
            o.closeEndpoints();
            o.closeFeeds();
            throw e;
        }
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", what, e.toString()); // a scheduled task that throws is never run again
        }
    }

    /** Figures outside the traffic meter for the Prometheus endpoint. */
    private List<Figure> figures(EventHub events, EventStore store) {
        List<Figure> f = new ArrayList<>();
        f.add(new Figure("mamori_store_dropped_events_total", "counter",
                "Events the event store could not queue (overflow).", store.droppedEvents()));
        f.add(new Figure("mamori_store_failed_events_total", "counter",
                "Events the event store failed to write.", store.failedEvents()));
        f.add(new Figure("mamori_event_feed_dropped_total", "counter",
                "Live events dropped because the feed was full.", events.droppedEvents()));
        f.add(new Figure("mamori_upstreams_failing", "gauge",
                "Upstream servers whose last connection attempt failed.", upstreamHealth.failing()));
        if (notifier != null) {
            f.add(new Figure("mamori_notifications_sent_total", "counter", "Notification mails sent.", notifier.sent()));
            f.add(new Figure("mamori_notifications_failed_total", "counter",
                    "Notification mails that could not be queued or sent.", notifier.failed()));
        }
        return f;
    }

    UpstreamHealth upstreamHealth() {
        return upstreamHealth;
    }

    Notifier notifier() {
        return notifier;
    }

    InetSocketAddress prometheusAddress() {
        return prometheus == null ? null : prometheus.address();
    }

    /** First part of shutdown, before the proxies stop: nobody scrapes a server that is going away. */
    void closeEndpoints() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    /** Last part, after the event feed delivered what it had queued: syslog and mail of the final events. */
    void closeFeeds() {
        if (syslogEvents != null) {
            syslogEvents.close();
        }
        if (notifier != null) {
            notifier.close();
        }
    }

    @Override
    public void close() {
        closeEndpoints();
        closeFeeds();
    }
}
