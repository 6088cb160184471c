package dev.mamori.core.admin;

import dev.mamori.core.admin.client.MdnsDiscovery;
import dev.mamori.core.admin.server.MdnsAdvertiser;
import org.junit.jupiter.api.Test;

import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.HostKeyVerifier;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Advertisement and discovery of the admin channel over mDNS on the loopback interface. */
class MdnsTest {
    @Test
    void anAdvertisedServerIsDiscoveredWithItsNameVersionAndFingerprint() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        String fingerprint = "SHA256:3Jg3bUHwU5MOcZ5WbGJkEtqkbjJSVw3jN9p6pWB8qf4";
        try (MdnsAdvertiser ignored = MdnsAdvertiser.start(loopback, 18023, "mdns-test", "9.9.9", fingerprint)) {
            List<MdnsDiscovery.Server> found = MdnsDiscovery.discover(loopback, Duration.ofSeconds(6));
            assertThat(found).anySatisfy(s -> {
                assertThat(s.name()).isEqualTo("mdns-test");
                assertThat(s.port()).isEqualTo(18023);
                assertThat(s.version()).isEqualTo("9.9.9");
                assertThat(s.fingerprint()).isEqualTo(fingerprint);
            });
        }
    }

    @Test
    void anAdminServerWithAdvertiseIsFoundAndTheAnnouncedFingerprintVerifiesIt(@TempDir Path dir) throws Exception {
        try (AdminFixture fixture = new AdminFixture(dir, "  advertise: true\n  name: announced\n")) {
            fixture.prepareAccounts();
            List<MdnsDiscovery.Server> found = MdnsDiscovery.discover(InetAddress.getLoopbackAddress(),
                    Duration.ofSeconds(6));
            MdnsDiscovery.Server server = found.stream().filter(s -> s.name().equals("announced")).findFirst()
                    .orElseThrow(() -> new AssertionError("not announced: " + found));
            assertThat(server.port()).isEqualTo(fixture.port());
            assertThat(server.version()).isEqualTo("test-version");
            assertThat(server.fingerprint()).isEqualTo(fixture.server.hostKeyFingerprint());
            try (AdminClient c = AdminClient.connect(server.host(), server.port(), "viewer",
                    AdminFixture.VIEWER_PASSWORD.toCharArray(), HostKeyVerifier.fingerprint(server.fingerprint()))) {
                assertThat(c.hello().server()).isEqualTo("announced");
            }
        }
    }
}
