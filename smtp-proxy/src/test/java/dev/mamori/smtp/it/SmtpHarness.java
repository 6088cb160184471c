package dev.mamori.smtp.it;

import dev.mamori.core.config.AccessSettings;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.ScanSettings;
import dev.mamori.core.config.ServerSettings;
import dev.mamori.core.config.SmtpHeaders;
import dev.mamori.core.config.SmtpListener;
import dev.mamori.core.config.SmtpRoute;
import dev.mamori.core.config.SmtpSettings;
import dev.mamori.core.config.TlsSettings;
import dev.mamori.core.config.UpstreamSettings;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.net.HostPort;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.smtp.SmtpProxy;
import dev.mamori.smtp.policy.SmtpPolicy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real Mamori runtime with the SMTP proxy on an ephemeral loopback port. */
final class SmtpHarness implements AutoCloseable {
    final ProxyRuntime runtime;
    final SmtpProxy proxy;

    SmtpHarness(Path dataDir, List<Path> extraCas, SmtpListener... listeners) throws Exception {
        this(dataDir, AccessSettings.defaults(), extraCas, listeners);
    }

    SmtpHarness(Path dataDir, AccessSettings access, List<Path> extraCas, SmtpListener... listeners) throws Exception {
        MamoriConfig config = new MamoriConfig(new ServerSettings("mamori-it", dataDir), access,
                new UpstreamSettings(List.of(), null, UpstreamTls.REQUIRED, null, extraCas, Duration.ofSeconds(3), null, null),
                TlsSettings.defaults(), null, ScanSettings.defaults(),
                new SmtpSettings(true, List.of(listeners), null, SmtpHeaders.defaults()));
        runtime = ProxyRuntime.start(config);
        proxy = SmtpProxy.start(config, runtime, SmtpPolicy.acceptAll());
    }

    static SmtpListener listener(ClientTls tls, UpstreamTls upstreamTls, int... ports) {
        List<SmtpRoute> routes = java.util.Arrays.stream(ports).mapToObj(p -> new SmtpRoute("127.0.0.1", p, 10)).toList();
        return new SmtpListener("it", HostPort.parse("127.0.0.1:0"), tls, false, routes, upstreamTls, false, false, List.of());
    }

    InetSocketAddress address() {
        return proxy.boundAddresses().getFirst();
    }

    @Override
    public void close() {
        proxy.close();
        runtime.close();
    }
}
