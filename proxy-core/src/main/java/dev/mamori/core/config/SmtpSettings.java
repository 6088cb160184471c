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
 * @param gateway   relay control, throttling and the DNSBL timeout (the zones are per listener)
 */
public record SmtpSettings(Boolean enabled, List<SmtpListener> listeners, SmtpLimits limits, SmtpHeaders headers,
                           SmtpGatewaySettings gateway) {
    public SmtpSettings {
        gateway = gateway == null ? SmtpGatewaySettings.defaults() : gateway;
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

    /** Settings with the default gateway policy (loopback may relay, default throttles, no DNSBL). */
    public SmtpSettings(Boolean enabled, List<SmtpListener> listeners, SmtpLimits limits, SmtpHeaders headers) {
        this(enabled, listeners, limits, headers, null);
    }

    public static SmtpSettings disabled() {
        return new SmtpSettings(false, null, null, null, null);
    }
}
