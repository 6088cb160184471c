package dev.mamori.core.admin.server;

import dev.mamori.core.admin.AdminProtocol;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;

/**
 * Announces the admin channel on the LAN as {@code _mamori-admin._tcp.local.} with TXT {@code name}, {@code version}
 * and {@code fingerprint} (the host key, {@code SHA256:...}), on the interface of the bind address. Clients still
 * verify the host key on connect: the TXT record only says which key to expect, it proves nothing by itself.
 */
public final class MdnsAdvertiser implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(MdnsAdvertiser.class);

    private final JmDNS jmdns;

    private MdnsAdvertiser(JmDNS jmdns) {
        this.jmdns = jmdns;
    }

    public static MdnsAdvertiser start(InetAddress address, int port, String name, String version, String fingerprint)
            throws IOException {
        JmDNS jmdns = JmDNS.create(address, name);
        try {
            ServiceInfo info = ServiceInfo.create(AdminProtocol.MDNS_TYPE, name, port, 0, 0,
                    Map.of("name", name, "version", version, "fingerprint", fingerprint, "protocol",
                            String.valueOf(AdminProtocol.CURRENT_VERSION)));
            jmdns.registerService(info);
            LOG.info("admin channel advertised on {} as {} ({})", address.getHostAddress(), name, AdminProtocol.MDNS_TYPE);
            return new MdnsAdvertiser(jmdns);
        } catch (IOException | RuntimeException e) {
            jmdns.close();
            throw e;
        }
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
