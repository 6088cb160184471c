package dev.mamori.core.config;

import dev.mamori.core.net.Cidr;
import dev.mamori.core.net.HostPort;
import dev.mamori.core.net.PortRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Every file in {@code sample-configs/} must load, so the documentation cannot rot. */
class SampleConfigsTest {
    /** Surefire runs in the module directory; the samples live next to it. */
    private static final Path SAMPLES = Path.of("..", "sample-configs");

    static Stream<Path> sampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
            assertThat(yaml).as("sample configs in %s", SAMPLES.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(3);
            return yaml.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("sampleFiles")
    void everySampleLoads(Path file) {
        assertThatCode(() -> ConfigLoader.load(file)).doesNotThrowAnyException();
    }

    @Test
    void quickstartIsWhatTheReadmePromises() throws Exception {
        MamoriConfig c = ConfigLoader.load(SAMPLES.resolve("quickstart.yaml"));

        Pop3Listener generic = c.pop3().listeners().getFirst();
        assertThat(c.pop3().listeners()).hasSize(1);
        assertThat(generic.name()).isEqualTo("generic");
        assertThat(generic.mode()).isEqualTo(ListenerMode.GENERIC);
        assertThat(generic.bind()).isEqualTo(new HostPort("127.0.0.1", 11110));
        assertThat(generic.tls()).isEqualTo(ClientTls.STARTTLS);

        List<UpstreamRule> allow = c.upstreams().allow();
        assertThat(allow).hasSize(2);
        assertThat(allow.get(0).hosts()).containsExactly("*");
        assertThat(allow.get(0).ports()).containsExactly(PortRange.of(110), PortRange.of(995));
        assertThat(allow.get(0).tls()).isNull();
        assertThat(c.upstreams().tls()).isEqualTo(UpstreamTls.REQUIRED);
        assertThat(allow.get(1).hosts()).containsExactly("127.0.0.1");
        assertThat(allow.get(1).ports()).containsExactly(new PortRange(11000, 11099));
        assertThat(allow.get(1).permitAddresses()).containsExactly(Cidr.parse("127.0.0.1/32"));
        assertThat(allow.get(1).tls()).isEqualTo(UpstreamTls.OPPORTUNISTIC);

        assertThat(c.admin().enabled()).isTrue();
        assertThat(c.admin().bind()).isEqualTo(new HostPort("127.0.0.1", 18022));
        assertThat(c.admin().advertise()).isFalse();

        // the values written out in the quick start are the documented defaults
        assertThat(c.access()).isEqualTo(AccessSettings.defaults());
        assertThat(c.pop3().limits()).isEqualTo(Pop3Limits.defaults());
        assertThat(c.metrics()).isEqualTo(MetricsSettings.defaults());
        assertThat(c.metrics().prometheus().enabled()).isFalse();
        assertThat(c.logging().syslog().enabled()).isFalse();
        assertThat(c.notifications()).isNull();
        assertThat(c.store()).isEqualTo(StoreSettings.defaults());
    }

    @Test
    void theCommentedNotificationsSectionIsValidOnceUncommented(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(SAMPLES.resolve("quickstart.yaml"));
        int start = lines.indexOf("# notifications:");
        assertThat(start).isNotNegative();
        StringBuilder yaml = new StringBuilder();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("#"); i++) {
            yaml.append(lines.get(i).substring(2)).append('\n');
        }
        Files.writeString(dir.resolve("smtp.pw"), "pw\n");
        MamoriConfig c = ConfigLoader.parse(yaml.toString(), "notifications", dir);
        assertThat(c.notifications().smtp().port()).isEqualTo(587);
        assertThat(c.notifications().detections().mode()).isEqualTo(DetectionNotifications.Mode.DIGEST);
        assertThat(c.notifications().system()).isEqualTo(SystemNotifications.defaults());
    }

    @Test
    void quickstartRelaysSmtpFromLoopbackToTheLocalMta() throws Exception {
        MamoriConfig c = ConfigLoader.load(SAMPLES.resolve("quickstart.yaml"));
        assertThat(c.smtp().enabled()).isTrue();
        assertThat(c.smtp().listeners()).singleElement().satisfies(l -> {
            assertThat(l.bind()).hasToString("127.0.0.1:12525");
            assertThat(l.routes()).singleElement().satisfies(r -> assertThat(r.address()).isEqualTo("127.0.0.1:10025"));
        });
        // the values written out are the documented defaults: loopback may relay, nobody else (not an open relay)
        assertThat(c.smtp().limits()).isEqualTo(SmtpLimits.defaults());
        assertThat(c.smtp().gateway()).isEqualTo(SmtpGatewaySettings.defaults());
        assertThat(c.smtp().gateway().relay().internalDomains()).isEmpty();
        assertThat(Files.readString(SAMPLES.resolve("quickstart.yaml")))
                .contains("\nadmin:\n  bind: 127.0.0.1:18022").doesNotContain("# admin:");
        assertThat(c.admin().enabled()).isTrue();
    }

    @Test
    void smallOfficeHasGenericAndDedicatedPortsForTheLanOnly() throws Exception {
        MamoriConfig c = ConfigLoader.load(SAMPLES.resolve("small-office.yaml"));

        assertThat(c.pop3().listeners()).extracting(Pop3Listener::name).containsExactly("pop3", "pop3s", "provider-a", "provider-b");
        assertThat(c.pop3().listeners()).extracting(Pop3Listener::mode)
                .containsExactly(ListenerMode.GENERIC, ListenerMode.GENERIC, ListenerMode.DEDICATED, ListenerMode.DEDICATED);
        assertThat(c.pop3().listeners().get(1).tls()).isEqualTo(ClientTls.IMPLICIT);
        assertThat(c.pop3().listeners().get(2).upstream()).isEqualTo(new UpstreamEndpoint("pop.provider-a.example", null, UpstreamTls.IMPLICIT));
        assertThat(c.pop3().listeners().get(3).upstream()).isEqualTo(new UpstreamEndpoint("pop.provider-b.example", 110, UpstreamTls.REQUIRED));
        assertThat(c.access().clients()).containsExactly(Cidr.parse("192.168.10.0/24"), Cidr.parse("127.0.0.1/32"));
        assertThat(c.upstreams().tls()).isEqualTo(UpstreamTls.REQUIRED);
    }

    @Test
    void smallOfficeSubmitsToItsProvidersThroughMamori() throws Exception {
        MamoriConfig c = ConfigLoader.load(SAMPLES.resolve("small-office.yaml"));
        assertThat(c.smtp().listeners()).extracting(SmtpListener::name).containsExactly("submission-a", "submission-b");
        assertThat(c.smtp().listeners()).allSatisfy(l -> assertThat(l.upstreamTls()).isEqualTo(UpstreamTls.REQUIRED));
        assertThat(c.smtp().gateway().relay().clientNetworks())
                .containsExactly(Cidr.parse("192.168.10.0/24"), Cidr.parse("127.0.0.1/32"));
        assertThat(c.smtp().gateway().throttle().perUser().maxMessages()).isEqualTo(60);
    }

    @Test
    void theGatewayAcceptsOnlyItsOwnDomainsFromTheInternetAndFailsOverBetweenInternalServers() throws Exception {
        MamoriConfig c = ConfigLoader.load(SAMPLES.resolve("smtp-gateway.yaml"));
        assertThat(c.pop3().enabled()).isFalse();
        SmtpListener mx = c.smtp().listeners().getFirst();
        assertThat(mx.routes()).extracting(SmtpRoute::preference).containsExactly(10, 20);
        assertThat(mx.xclient()).isTrue();
        assertThat(mx.dnsbl()).containsExactly("zen.spamhaus.org");
        assertThat(c.smtp().gateway().relay().clientNetworks()).isEmpty();
        assertThat(c.smtp().gateway().relay().internalDomains()).containsExactly("office.example", "office-group.example");
        assertThat(c.smtp().gateway().relay().authenticatedMayRelay()).isFalse();
        assertThat(c.scan().policy().encrypted().words()).isEqualTo(List.of("deliver", "tag"));
    }

    @Test
    void updateRelaySampleRelaysWithTwoKeys() throws Exception {
        MamoriConfig c = ConfigLoader.load(SAMPLES.resolve("update-relay.yaml"));
        UpdateSettings u = c.updates();
        assertThat(u.source()).isEqualTo("https://updates.example.net/mamori/");
        assertThat(u.keys().ids()).hasSize(2);
        assertThat(u.relay().enabled()).isTrue();
        assertThat(u.relay().bind()).isEqualTo(new HostPort("0.0.0.0", 18180));
        assertThat(u.scheduleOf("url-blocklist")).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(u.proxy().username()).isEqualTo("mamori");
        assertThat(ConfigLoader.load(SAMPLES.resolve("quickstart.yaml")).updates()).as("commented out").isNull();
        assertThat(Files.readString(SAMPLES.resolve("quickstart.yaml"))).contains("# updates:", "#   trustedKeys:");
    }
}
