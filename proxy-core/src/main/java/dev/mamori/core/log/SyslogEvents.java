package dev.mamori.core.log;

import dev.mamori.core.events.EventHub;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.store.AuditEvent;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.message.StructuredDataId;
import org.apache.logging.log4j.message.StructuredDataMessage;

import java.util.List;

/**
 * Detections, system alerts, component changes and administrator actions as RFC 5424 structured data, logged through
 * dedicated loggers ({@value #DETECTION_LOGGER}, {@value #ALERT_LOGGER}, {@value #COMPONENT_LOGGER},
 * {@value #AUDIT_LOGGER}) that the syslog output listens to. The SD-IDs carry the enterprise number
 * {@value #ENTERPRISE_NUMBER} (the number RFC 5424 reserves for examples, until Mamori has its own), e.g.
 * {@code [mamori-detection@32473 threat="Eicar-Test-Signature" category="virus" action="replace,quarantine" ...]};
 * the MSGID is {@code detection}, {@code alert}, {@code component} or {@code audit}.
 */
public final class SyslogEvents implements AutoCloseable {
    public static final int ENTERPRISE_NUMBER = 32473;
    public static final String DETECTION_LOGGER = "mamori.detection";
    public static final String ALERT_LOGGER = "mamori.alert";
    public static final String COMPONENT_LOGGER = "mamori.component";
    public static final String AUDIT_LOGGER = "mamori.audit";
    /** Longest parameter value written; subjects and details are cut there. */
    static final int MAX_VALUE = 512;

    private static final Logger DETECTIONS = LogManager.getLogger(DETECTION_LOGGER);
    private static final Logger ALERTS = LogManager.getLogger(ALERT_LOGGER);
    private static final Logger COMPONENTS = LogManager.getLogger(COMPONENT_LOGGER);
    private static final Logger AUDIT = LogManager.getLogger(AUDIT_LOGGER);

    private final AutoCloseable subscription;

    private SyslogEvents(AutoCloseable subscription) {
        this.subscription = subscription;
    }

    /** Logs every detection, alert and component change published on {@code hub} (on the hub's dispatcher thread). */
    public static SyslogEvents subscribe(EventHub hub) {
        return new SyslogEvents(hub.subscribe(SyslogEvents::log));
    }

    /** Logs one administrator action; the admin channel calls this beside recording it in the event store. */
    public static void audit(AuditEvent a) {
        StructuredDataMessage m = message("mamori-audit", "audit", a.actor() + " " + a.action()
                + (a.target() == null ? "" : " " + a.target()) + ": " + a.result());
        put(m, "actor", a.actor());
        put(m, "action", a.action());
        put(m, "target", a.target());
        put(m, "result", a.result());
        put(m, "detail", a.detail());
        AUDIT.info(m);
    }

    static void log(MamoriEvent event) {
        switch (event) {
            case MamoriEvent.Detection d -> {
                StructuredDataMessage m = message("mamori-detection", "detection", d.protocol() + " message"
                        + (d.account() == null ? "" : " of " + d.account()) + ": " + String.join(", ", d.threats())
                        + " (" + d.action() + ")");
                put(m, "protocol", d.protocol());
                put(m, "listener", d.listener());
                put(m, "client", d.client());
                put(m, "account", d.account());
                put(m, "upstream", d.upstream());
                put(m, "recipients", join(d.recipients()));
                put(m, "threat", join(d.threats()));
                put(m, "category", join(d.categories()));
                put(m, "action", d.action());
                put(m, "quarantineId", d.quarantineId());
                put(m, "messageId", d.messageId());
                put(m, "subject", d.subject());
                DETECTIONS.warn(m);
            }
            case MamoriEvent.SystemAlert a -> {
                StructuredDataMessage m = message("mamori-alert", "alert", a.message());
                put(m, "kind", a.kind());
                put(m, "severity", a.severity());
                if (a.severity().equalsIgnoreCase("info")) {
                    ALERTS.info(m);
                } else {
                    ALERTS.warn(m);
                }
            }
            case MamoriEvent.ComponentChanged c -> {
                StructuredDataMessage m = message("mamori-component", "component", c.component() + " "
                        + c.state() + (c.version() == null ? "" : " " + c.version()));
                put(m, "component", c.component());
                put(m, "version", c.version());
                put(m, "state", c.state());
                put(m, "detail", c.detail());
                if (c.state().equals(dev.mamori.core.component.ComponentStatus.State.FAILED.word())) {
                    COMPONENTS.warn(m);
                } else {
                    COMPONENTS.info(m);
                }
            }
            case MamoriEvent.ServiceChanged s -> {
                // an administrator action: the admin channel reports it through audit()
            }
        }
    }

    private static StructuredDataMessage message(String id, String type, String text) {
        return new StructuredDataMessage(new StructuredDataId(id, ENTERPRISE_NUMBER, null, null), clean(text), type);
    }

    private static void put(StructuredDataMessage m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, clean(value));
        }
    }

    private static String join(List<String> values) {
        return values.isEmpty() ? null : String.join(",", values);
    }

    /** No control characters (a subject could carry them), bounded length. */
    static String clean(String v) {
        StringBuilder b = new StringBuilder(Math.min(v.length(), MAX_VALUE));
        for (int i = 0; i < v.length() && b.length() < MAX_VALUE; i++) {
            char c = v.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            // removing a subscriber does not fail
        }
    }
}
