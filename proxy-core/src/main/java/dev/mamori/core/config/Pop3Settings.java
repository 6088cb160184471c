package dev.mamori.core.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The POP3 proxy.
 *
 * @param enabled   the "allow POP3 connections" switch; when false no POP3 listener is opened at all (fail closed);
 *                  default true
 * @param listeners listening sockets; at least one when enabled
 * @param limits    session bounds
 */
public record Pop3Settings(Boolean enabled, List<Pop3Listener> listeners, Pop3Limits limits) {
    public Pop3Settings {
        enabled = enabled == null || enabled;
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        limits = limits == null ? Pop3Limits.defaults() : limits;
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < listeners.size(); i++) {
            Integer earlier = names.putIfAbsent(listeners.get(i).name(), i);
            if (earlier != null) {
                throw new InvalidFieldException("listeners[" + i + "].name", "'" + listeners.get(i).name()
                        + "' is already the name of listeners[" + earlier + "] (allowed: a unique name per listener)");
            }
        }
        if (enabled && listeners.isEmpty()) {
            throw new InvalidFieldException("listeners", "at least one listener is needed while POP3 is enabled (or set enabled: false)");
        }
    }

    public static Pop3Settings disabled() {
        return new Pop3Settings(false, null, null);
    }
}
