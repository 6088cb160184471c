package dev.mamori.core.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something that happened in a running server and that watchers (the admin channel's subscriptions, the dashboard,
 * notifications, syslog) want as it happens. Durable history lives in the event store; these are the live feed.
 */
public sealed interface MamoriEvent {
    Instant time();

    /**
     * A message with at least one threat or finding, after policy was applied.
     *
     * @param protocol     {@code pop3} or {@code smtp}
     * @param account      POP3 account (without the {@code #server} part) or SMTP envelope sender
     * @param recipients   SMTP envelope recipients; empty for POP3
     * @param threats      threat names, e.g. {@code Eicar-Test-Signature}
     * @param categories   policy categories in lower case, e.g. {@code virus}
     * @param action       what was done, e.g. {@code replace,quarantine} or {@code rejected}
     * @param quarantineId the quarantine entry, or {@code null}
     */
    record Detection(Instant time, String protocol, String listener, String client, String account, String upstream,
                     List<String> recipients, String subject, String messageId, List<String> threats,
                     List<String> categories, String action, String quarantineId) implements MamoriEvent {
        public Detection {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(protocol, "protocol");
            recipients = recipients == null ? List.of() : List.copyOf(recipients);
            threats = threats == null ? List.of() : List.copyOf(threats);
            categories = categories == null ? List.of() : List.copyOf(categories);
        }
    }

    /** A protocol switched on or off ("allow POP3 connections"), by whom. */
    record ServiceChanged(Instant time, String service, boolean enabled, String actor) implements MamoriEvent {
        public ServiceChanged {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * A component's state changed: an update started, finished or failed, a rollback, a new version became available.
     *
     * @param state the new state in lower case with dashes, as in {@code ComponentStatus.State}
     */
    record ComponentChanged(Instant time, String component, String version, String state, String detail)
            implements MamoriEvent {
        public ComponentChanged {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(state, "state");
        }
    }

    /** A condition an administrator should hear about (upstream unreachable, disk nearly full, store overflow...). */
    record SystemAlert(Instant time, String kind, String severity, String message) implements MamoriEvent {
        public SystemAlert {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(message, "message");
        }
    }
}
