package dev.mamori.core.component.service;

import dev.mamori.core.component.relay.MdnsSourceLocator;
import dev.mamori.core.component.relay.RelayAdvertiser;
import dev.mamori.core.component.relay.RelayServer;
import dev.mamori.core.component.update.EngineHost;
import dev.mamori.core.component.update.HttpFetcher;
import dev.mamori.core.component.update.SourceLocator;
import dev.mamori.core.component.update.Updater;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.UpdateRelaySettings;
import dev.mamori.core.config.UpdateSettings;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.core.scan.engine.ContentEngine;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Everything {@code updates:} starts in a server: the updater (installed as the runtime's {@code ComponentControl},
 * the installed components loaded into the engine set before the proxies accept connections), the schedule, and the
 * relay with its mDNS announcement when enabled. Closed before the runtime.
 */
public final class UpdateService implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(UpdateService.class);
    /** How long an mDNS lookup collects relay answers on each check. */
    static final Duration MDNS_WAIT = Duration.ofSeconds(3);

    private final ExecutorService http;
    private final Updater updater;
    private final RelayServer relay;
    private final RelayAdvertiser advertiser;

    private UpdateService(ExecutorService http, Updater updater, RelayServer relay, RelayAdvertiser advertiser) {
        this.http = http;
        this.updater = updater;
        this.relay = relay;
        this.advertiser = advertiser;
    }

    /** Starts updates for {@code runtime}, or returns null when the config has no {@code updates:} section. */
    public static UpdateService start(ProxyRuntime runtime) throws IOException, GeneralSecurityException {
        MamoriConfig config = runtime.config();
        UpdateSettings s = config.updates();
        if (s == null) {
            return null;
        }
        ExecutorService http = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mamori-update-http");
            t.setDaemon(true);
            return t;
        });
        Updater updater = null;
        RelayServer relay = null;
        RelayAdvertiser advertiser = null;
        try {
            SourceLocator locator = s.source().equals(UpdateSettings.MDNS)
                    ? new MdnsSourceLocator(null, s.fallbackSource(), MDNS_WAIT)
                    : SourceLocator.fixed(s.source());
            HttpFetcher fetcher = new HttpFetcher(s.proxy(), config.upstreams().extraCaFiles(), s.timeout(), http);
            updater = new Updater(s, config.scan(), config.server().dataDir().resolve("components"), host(runtime),
                    locator, fetcher, runtime.store(), runtime.events(), Clock.systemUTC());
            updater.loadInstalled();
            runtime.useComponents(updater);
            UpdateRelaySettings r = s.relay();
            if (r.enabled()) {
                var clients = config.access().clients();
                relay = RelayServer.start(updater.installed(), new InetSocketAddress(r.bind().host(), r.bind().port()),
                        a -> clients.stream().anyMatch(c -> c.contains(a)));
                if (r.advertise()) {
                    // announce on the bound address when there is one, so clients are sent where the relay listens
                    java.net.InetAddress bound = relay.address().getAddress();
                    advertiser = RelayAdvertiser.start(bound.isAnyLocalAddress() ? null : bound,
                            "mamori-" + config.server().name(), relay.address().getPort());
                }
            }
            updater.startSchedule();
            LOG.info("Updates from {} every {} (trusted keys: {})", s.source(), dev.mamori.core.config.Durations.format(s.schedule()), s.keys().ids());
            return new UpdateService(http, updater, relay, advertiser);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            new UpdateService(http, updater, relay, advertiser).close();
            throw e;
        }
    }

    private static EngineHost host(ProxyRuntime runtime) {
        return new EngineHost() {
            @Override
            public List<ContentEngine> engines() {
                return runtime.engines();
            }

            @Override
            public void useEngines(List<ContentEngine> engines) {
                runtime.useEngines(engines);
            }
        };
    }

    public Updater updater() {
        return updater;
    }

    /** The relay's bound address, or null when the relay is off. */
    public InetSocketAddress relayAddress() {
        return relay == null ? null : relay.address();
    }

    @Override
    public void close() {
        if (advertiser != null) {
            advertiser.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (updater != null) {
            updater.close();
        }
        http.shutdownNow();
    }
}
