package dev.mamori.core.net;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A port or an inclusive range of ports: {@code 110}, {@code 11000-11099}. */
public record PortRange(int from, int to) {
    public PortRange {
        if (from < 1 || to > 65535 || from > to) {
            throw new IllegalArgumentException("port range " + from + "-" + to + " is invalid (ports are 1-65535, low-high)");
        }
    }

    @JsonCreator
    public static PortRange parse(String text) {
        String t = text.trim();
        int dash = t.indexOf('-');
        try {
            if (dash < 0) {
                int p = Integer.parseInt(t);
                return new PortRange(p, p);
            }
            return new PortRange(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port or port range (examples: 110, 11000-11099)");
        }
    }

    @JsonCreator
    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    public boolean contains(int port) {
        return port >= from && port <= to;
    }

    @JsonValue
    @Override
    public String toString() {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }
}
