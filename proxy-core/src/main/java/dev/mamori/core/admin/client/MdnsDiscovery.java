package dev.mamori.core.admin.client;

import dev.mamori.core.admin.AdminProtocol;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Lists Mamori admin channels announced on the LAN ({@code _mamori-admin._tcp.local.}). */
public final class MdnsDiscovery {
    /** One announced server. {@code fingerprint} is what {@link HostKeyVerifier#fingerprint(String)} expects. */
    public record Server(String name, String host, int port, String version, String fingerprint) {
    }

    private MdnsDiscovery() {
    }

    /**
     * Queries on the interface of {@code address} ({@code null}: JmDNS picks one) and waits up to {@code timeout}
     * for answers.
     */
    public static List<Server> discover(InetAddress address, Duration timeout) throws IOException {
        try (JmDNS jmdns = JmDNS.create(address, "mamori-discover")) {
            ServiceInfo[] found = jmdns.list(AdminProtocol.MDNS_TYPE, timeout.toMillis());
            List<Server> out = new ArrayList<>();
            for (ServiceInfo info : found) {
                String[] hosts = info.getHostAddresses();
                String host = hosts.length > 0 ? hosts[0] : info.getServer();
                out.add(new Server(info.getPropertyString("name") != null ? info.getPropertyString("name")
                        : info.getName(), host, info.getPort(), info.getPropertyString("version"),
                        info.getPropertyString("fingerprint")));
            }
            out.sort(Comparator.comparing(Server::name).thenComparing(Server::host));
            return out;
        }
    }
}
