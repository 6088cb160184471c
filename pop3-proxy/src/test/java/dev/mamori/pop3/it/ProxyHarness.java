package dev.mamori.pop3.it;

import dev.mamori.core.config.AccessSettings;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.ListenerMode;
import dev.mamori.core.config.LoginThrottle;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.Pop3Limits;
import dev.mamori.core.config.Pop3Listener;
import dev.mamori.core.config.Pop3Settings;
import dev.mamori.core.config.ServerSettings;
import dev.mamori.core.config.TlsSettings;
import dev.mamori.core.config.UpstreamEndpoint;
import dev.mamori.core.config.UpstreamRule;
import dev.mamori.core.config.UpstreamSettings;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.net.Cidr;
import dev.mamori.core.net.HostPort;
import dev.mamori.core.net.PortRange;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.pop3.Pop3Proxy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts a real Mamori POP3 proxy (runtime and listeners) on ephemeral loopback ports for a test. */
final class ProxyHarness implements AutoCloseable {
    final ProxyRuntime runtime;
    final Pop3Proxy proxy;

    private ProxyHarness(MamoriConfig config) throws Exception {
        runtime = ProxyRuntime.start(config);
        proxy = Pop3Proxy.start(config, runtime);
    }

    InetSocketAddress address(int listenerIndex) {
        return proxy.boundAddresses().get(listenerIndex);
    }

    @Override
    public void close() {
        proxy.close();
        runtime.close();
    }

    static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    static final class Builder {
        private final Path dataDir;
        private final List<Pop3Listener> listeners = new ArrayList<>();
        private final List<UpstreamRule> rules = new ArrayList<>();
        private List<Cidr> clients;
        private Integer maxConnections;
        private Integer maxPerIp;
        private LoginThrottle throttle;
        private Pop3Limits limits;
        private List<Path> extraCas = List.of();
        private List<PortRange> implicitTlsPorts;
        private dev.mamori.core.scan.policy.ScanPolicy scanPolicy;

        Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        Builder generic(ClientTls tls) {
            listeners.add(new Pop3Listener("generic" + listeners.size(), ListenerMode.GENERIC, HostPort.parse("127.0.0.1:0"), tls, null));
            return this;
        }

        Builder dedicated(String host, int port, UpstreamTls tls) {
            listeners.add(new Pop3Listener("dedicated" + listeners.size(), ListenerMode.DEDICATED, HostPort.parse("127.0.0.1:0"),
                    ClientTls.STARTTLS, new UpstreamEndpoint(host, port, tls)));
            return this;
        }

        /** Allows 127.0.0.1 on {@code ports} with the given upstream TLS mode. */
        Builder allowLoopback(String ports, UpstreamTls tls) {
            rules.add(new UpstreamRule(List.of("127.0.0.1", "localhost"), List.of(PortRange.parse(ports)),
                    List.of(Cidr.parse("127.0.0.1/32")), tls));
            return this;
        }

        Builder rule(UpstreamRule rule) {
            rules.add(rule);
            return this;
        }

        Builder clients(String... cidrs) {
            clients = java.util.Arrays.stream(cidrs).map(Cidr::parse).toList();
            return this;
        }

        Builder connections(int total, int perIp) {
            maxConnections = total;
            maxPerIp = perIp;
            return this;
        }

        Builder loginThrottle(int failures, Duration block) {
            throttle = new LoginThrottle(failures, Duration.ofMinutes(5), block);
            return this;
        }

        Builder limits(Pop3Limits l) {
            limits = l;
            return this;
        }

        Builder implicitTlsPort(int port) {
            implicitTlsPorts = List.of(PortRange.of(port));
            return this;
        }

        Builder scanPolicy(dev.mamori.core.scan.policy.ScanPolicy policy) {
            scanPolicy = policy;
            return this;
        }

        Builder extraCa(Path pem) {
            extraCas = List.of(pem);
            return this;
        }

        MamoriConfig config() {
            return new MamoriConfig(new ServerSettings("test", dataDir),
                    new AccessSettings(clients, maxConnections, maxPerIp, throttle),
                    new UpstreamSettings(rules, null, UpstreamTls.REQUIRED, implicitTlsPorts, extraCas, Duration.ofSeconds(3), null, null),
                    TlsSettings.defaults(),
                    new Pop3Settings(true, listeners, limits),
                    new dev.mamori.core.config.ScanSettings(scanPolicy, null, null, null, null, null));
        }

        ProxyHarness start() throws Exception {
            return new ProxyHarness(config());
        }
    }
}
