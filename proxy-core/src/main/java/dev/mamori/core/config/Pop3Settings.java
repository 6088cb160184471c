package dev.mamori.core.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        Set<String> names = new HashSet<>();
        for (Pop3Listener l : listeners) {
            if (!names.add(l.name())) {
                throw new IllegalArgumentException("listeners: the name '" + l.name() + "' is used twice");
            }
        }
        if (enabled && listeners.isEmpty()) {
            throw new IllegalArgumentException("listeners: at least one listener is needed while POP3 is enabled");
        }
    }

    public static Pop3Settings disabled() {
        return new Pop3Settings(false, null, null);
    }
}
