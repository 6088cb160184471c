package dev.mamori.core.component.relay;

import dev.mamori.core.component.update.SourceLocator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * {@code source: mdns}: the relays answering {@code _mamori-update._tcp.local.} (sorted by name, so every instance
 * prefers the same relay), then the fallback source. A relay that does not answer is skipped by the updater.
 */
public final class MdnsSourceLocator implements SourceLocator {
    private static final Logger LOG = LogManager.getLogger(MdnsSourceLocator.class);
    private final InetAddress iface;
    private final URI fallback;
    private final Duration wait;
    private JmDNS jmdns;

    /**
     * @param iface    interface address to listen on, or null for JmDNS's choice
     * @param fallback base URL when no relay answers, or null
     * @param wait     how long to collect answers on each check
     */
    public MdnsSourceLocator(InetAddress iface, String fallback, Duration wait) {
        this.iface = iface;
        this.fallback = fallback == null ? null : URI.create(fallback.endsWith("/") ? fallback : fallback + "/");
        this.wait = wait;
    }

    @Override
    public synchronized List<URI> candidates() {
        List<URI> out = new ArrayList<>();
        try {
            if (jmdns == null) {
                jmdns = JmDNS.create(iface, "mamori-client-" + Long.toHexString(System.nanoTime()));
            }
            ServiceInfo[] found = jmdns.list(Mdns.SERVICE_TYPE, wait.toMillis());
            Arrays.sort(found, Comparator.comparing(ServiceInfo::getName));
            for (ServiceInfo s : found) {
                for (InetAddress a : s.getInetAddresses()) {
                    String host = a instanceof Inet6Address ? "[" + a.getHostAddress().replaceAll("%.*", "") + "]" : a.getHostAddress();
                    out.add(URI.create("http://" + host + ":" + s.getPort() + "/"));
                }
            }
            LOG.debug("mDNS: {} update relays found: {}", out.size(), out);
        } catch (IOException e) {
            LOG.warn("mDNS discovery of update relays failed: {}", e.toString());
        }
        if (fallback != null) {
            out.add(fallback);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (jmdns != null) {
            try {
                jmdns.close();
            } catch (IOException e) {
                LOG.debug("mDNS close: {}", e.toString());
            }
            jmdns = null;
        }
    }
}
