package dev.mamori.core.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SMTP proxy.
 *
 * @param enabled   the "allow SMTP connections" switch at start; false opens no SMTP listener (fail closed);
 *                  default true when the section exists
 * @param listeners listening sockets with their routes; at least one when enabled
 * @param limits    session bounds
 * @param headers   header fields Mamori adds to relayed mail
 */
public record SmtpSettings(Boolean enabled, List<SmtpListener> listeners, SmtpLimits limits, SmtpHeaders headers) {
    public SmtpSettings {
        enabled = enabled == null || enabled;
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        limits = limits == null ? SmtpLimits.defaults() : limits;
        headers = headers == null ? SmtpHeaders.defaults() : headers;
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < listeners.size(); i++) {
            Integer earlier = names.putIfAbsent(listeners.get(i).name(), i);
            if (earlier != null) {
                throw new InvalidFieldException("listeners[" + i + "].name", "'" + listeners.get(i).name()
                        + "' is already the name of listeners[" + earlier + "] (allowed: a unique name per listener)");
            }
        }
        if (enabled && listeners.isEmpty()) {
            throw new InvalidFieldException("listeners", "at least one listener is needed while SMTP is enabled (or set enabled: false)");
        }
    }

    public static SmtpSettings disabled() {
        return new SmtpSettings(false, null, null, null);
    }
}
