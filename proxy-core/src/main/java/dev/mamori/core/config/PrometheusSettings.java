package dev.mamori.core.config;

import dev.mamori.core.net.HostPort;

import java.util.Locale;

/**
 * The Prometheus scrape endpoint ({@code GET /metrics}, text exposition format 0.0.4). It has no authentication, so
 * it listens on loopback unless the operator says otherwise twice: a non-loopback {@code bind} is refused without
 * {@code allowRemote: true}.
 *
 * @param enabled     default false
 * @param bind        default {@code 127.0.0.1:9464}
 * @param allowRemote must be true to bind anything but a loopback address; default false
 */
public record PrometheusSettings(Boolean enabled, HostPort bind, Boolean allowRemote) {
    public static final HostPort DEFAULT_BIND = HostPort.of("127.0.0.1", 9464);

    public PrometheusSettings {
        enabled = enabled != null && enabled;
        bind = bind == null ? DEFAULT_BIND : bind;
        allowRemote = allowRemote != null && allowRemote;
        if (!allowRemote && !isLoopback(bind.host())) {
            throw new InvalidFieldException("bind", bind + " is not a loopback address; the endpoint has no"
                    + " authentication (allowed: 127.0.0.1:PORT, [::1]:PORT, localhost:PORT, or set allowRemote: true)");
        }
    }

    public static PrometheusSettings defaults() {
        return new PrometheusSettings(null, null, null);
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
