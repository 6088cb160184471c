package dev.mamori.core.config;

import java.util.List;

/**
 * Mail to administrators about detections and system events. Absent from the config: no mail is sent.
 *
 * @param smtp       the administrators' mail server; required
 * @param from       envelope sender and From address; required
 * @param to         recipients; at least one
 * @param detections when detections are mailed; default a digest every 15 minutes
 * @param system     system events (update failed, upstream unreachable, disk nearly full, store overflow)
 */
public record NotificationSettings(SmtpServerSettings smtp, String from, List<String> to,
                                   DetectionNotifications detections, SystemNotifications system) {
    public NotificationSettings {
        Checks.required("smtp", smtp, "host, port, tls, username, passwordFile of the administrators' mail server");
        from = address("from", Checks.required("from", from, "an e-mail address"));
        to = to == null ? List.of() : List.copyOf(to);
        if (to.isEmpty()) {
            throw new InvalidFieldException("to", "needs at least one recipient (allowed: a list of e-mail addresses)");
        }
        for (int i = 0; i < to.size(); i++) {
            address("to[" + i + "]", to.get(i));
        }
        detections = detections == null ? DetectionNotifications.defaults() : detections;
        system = system == null ? SystemNotifications.defaults() : system;
    }

    private static String address(String field, String a) {
        String t = a.trim();
        // a plain addr-spec: no display names, no CR/LF, one @ with text on both sides
        if (!t.matches("[^@\\s<>\"(),;:]+@[^@\\s<>\"(),;:]+")) {
            throw new InvalidFieldException(field, "'" + a + "' is not a plain e-mail address (example: admin@example.org)");
        }
        return t;
    }
}
