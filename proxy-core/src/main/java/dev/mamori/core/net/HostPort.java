package dev.mamori.core.net;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.net.InetSocketAddress;

/** A host (name or IP literal) and a port, written {@code host:port} or {@code [v6]:port}. */
public record HostPort(String host, int port) {
    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (0-65535)");
        }
    }

    @JsonCreator
    public static HostPort parse(String text) {
        String t = text.trim();
        String host;
        String port;
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            if (end < 0 || end + 1 >= t.length() || t.charAt(end + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "' is not host:port (IPv6 is written [::1]:110)");
            }
            host = t.substring(1, end);
            port = t.substring(end + 2);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || t.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + text + "' is not host:port (examples: 127.0.0.1:11110, [::1]:110)");
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        try {
            return new HostPort(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': port '" + port + "' is not a number");
        }
    }

    public static HostPort of(String host, int port) {
        return new HostPort(host, port);
    }

    public InetSocketAddress toUnresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @JsonValue
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
