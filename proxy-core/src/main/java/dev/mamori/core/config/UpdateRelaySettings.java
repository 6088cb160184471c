package dev.mamori.core.config;

import dev.mamori.core.net.HostPort;

/**
 * The LAN update relay: this instance serves the index and bundles it holds (verified, publisher-signed) over HTTP,
 * and advertises {@code _mamori-update._tcp.local.} with mDNS. Clients check the publisher's signatures, so the relay
 * needs no trust; it serves only what it holds.
 *
 * @param enabled   default false
 * @param bind      address and port of the relay's HTTP listener; default {@code 0.0.0.0:18180}
 * @param advertise announce the relay with mDNS; default true
 */
public record UpdateRelaySettings(Boolean enabled, HostPort bind, Boolean advertise) {
    public UpdateRelaySettings {
        enabled = enabled != null && enabled;
        bind = bind == null ? new HostPort("0.0.0.0", 18180) : bind;
        advertise = advertise == null || advertise;
    }

    public static UpdateRelaySettings disabled() {
        return new UpdateRelaySettings(false, null, null);
    }
}
