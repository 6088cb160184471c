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

        // the values written out in the quick start are the documented defaults
        assertThat(c.access()).isEqualTo(AccessSettings.defaults());
        assertThat(c.pop3().limits()).isEqualTo(Pop3Limits.defaults());
    }

    @Test
    void quickstartShowsTheSectionsOfLaterReleasesCommentedOut() throws Exception {
        String text = Files.readString(SAMPLES.resolve("quickstart.yaml"));
        assertThat(text).contains("# smtp:", "127.0.0.1:12525", "127.0.0.1:10025", "# admin:", "127.0.0.1:18022");
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
