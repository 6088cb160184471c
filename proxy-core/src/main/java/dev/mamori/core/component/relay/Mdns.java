package dev.mamori.core.component.relay;

/** The mDNS service type of update relays. */
public final class Mdns {
    public static final String SERVICE_TYPE = "_mamori-update._tcp.local.";

    private Mdns() {
    }
}
