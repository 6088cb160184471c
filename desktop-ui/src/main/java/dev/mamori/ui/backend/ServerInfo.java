package dev.mamori.ui.backend;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who the dashboard is looking at.
 *
 * @param mode      {@code embedded} (this process) or {@code remote}
 * @param location  the data directory of an embedded server, {@code host:port} of a remote one
 * @param listeners the listeners as bound, real port numbers included
 */
public record ServerInfo(String name, String version, String mode, String location, Instant started,
                         List<ListenerInfo> listeners) {
    public ServerInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(mode, "mode");
        listeners = List.copyOf(listeners);
    }

    /**
     * One bound listener.
     *
     * @param protocol {@code pop3} or {@code smtp}
     * @param mode     {@code generic}, {@code dedicated}, {@code transparent}...
     * @param address  {@code 127.0.0.1:11110}
     * @param tls      {@code none}, {@code starttls}, {@code implicit}
     * @param upstream the fixed upstream of a dedicated listener, else {@code null}
     */
    public record ListenerInfo(String protocol, String name, String mode, String address, String tls, String upstream) {
    }
}
