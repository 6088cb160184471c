package dev.mamori.core.config;

import dev.mamori.core.net.Cidr;

import java.util.List;

/**
 * Rate limits of the SMTP gateway ({@code smtp.gateway.throttle}).
 *
 * @param exempt         client ranges never throttled, e.g. an internal mail server that sends everything from one
 *                       address; default none
 * @param perIp          per client address (IPv6 clients by their /64); default 30 connections and 200 messages per
 *                       1m, blocked for 5m
 * @param perSender      per envelope sender (case-insensitive); default 100 messages per 1m, blocked for 5m
 * @param perUser        per authenticated user; default 200 messages per 1m, blocked for 5m
 * @param maxTrackedKeys how many addresses, senders and users each throttle remembers at once; default 100000. When
 *                       full, expired entries are dropped first, then ones that are neither blocked nor busy
 */
public record ThrottleSettings(List<Cidr> exempt, ThrottleLimit perIp, ThrottleLimit perSender, ThrottleLimit perUser,
                               Integer maxTrackedKeys) {
    public static final int DEFAULT_MAX_TRACKED_KEYS = 100_000;

    public ThrottleSettings {
        exempt = exempt == null ? List.of() : List.copyOf(exempt);
        perIp = (perIp == null ? new ThrottleLimit(null, null, null, null) : perIp).withDefaultCounts(30, 200);
        perSender = onlyMessages("perSender", perSender).withDefaultCounts(0, 100);
        perUser = onlyMessages("perUser", perUser).withDefaultCounts(0, 200);
        maxTrackedKeys = maxTrackedKeys == null ? DEFAULT_MAX_TRACKED_KEYS : maxTrackedKeys;
        Checks.range("maxTrackedKeys", maxTrackedKeys, 100, 10_000_000);
    }

    private static ThrottleLimit onlyMessages(String field, ThrottleLimit limit) {
        if (limit == null) {
            return new ThrottleLimit(null, null, null, null);
        }
        if (limit.maxConnections() != null && limit.maxConnections() != 0) {
            throw new InvalidFieldException(field + ".maxConnections",
                    "cannot be limited per " + (field.equals("perUser") ? "user" : "sender")
                            + " (allowed: maxConnections only in perIp; a sender or user is not known when a connection opens)");
        }
        return limit;
    }

    public static ThrottleSettings defaults() {
        return new ThrottleSettings(null, null, null, null, null);
    }
}
