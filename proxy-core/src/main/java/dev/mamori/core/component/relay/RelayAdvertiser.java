package dev.mamori.core.component.relay;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import java.io.IOException;
import java.net.InetAddress;

/** Announces an update relay as {@code _mamori-update._tcp.local.} (JmDNS) until closed. */
public final class RelayAdvertiser implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(RelayAdvertiser.class);
    private final JmDNS jmdns;

    private RelayAdvertiser(JmDNS jmdns) {
        this.jmdns = jmdns;
    }

    /**
     * @param iface the interface address to announce on, or null for JmDNS's choice (the host's main address)
     * @param name  the instance name, e.g. the server name from the config
     */
    public static RelayAdvertiser start(InetAddress iface, String name, int port) throws IOException {
        // a host name of its own: two JmDNS instances on one host (relay and client) would otherwise both claim
        // the name derived from the address and drop each other's records
        JmDNS jmdns = JmDNS.create(iface, "mamori-relay-" + Long.toHexString(System.nanoTime()));
        try {
            jmdns.registerService(ServiceInfo.create(Mdns.SERVICE_TYPE, name, port, "path=/"));
        } catch (IOException | RuntimeException e) {
            jmdns.close();
            throw e;
        }
        LOG.info("Update relay advertised as {}.{} on {} port {}", name, Mdns.SERVICE_TYPE, jmdns.getInetAddress(), port);
        return new RelayAdvertiser(jmdns);
    }

    @Override
    public void close() {
        try {
            jmdns.unregisterAllServices();
            jmdns.close();
        } catch (IOException e) {
            LOG.debug("mDNS close: {}", e.toString());
        }
    }
}
