package dev.mamori.core.scan.clamd;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClamdAddressTest {
    @Test
    void tcp() {
        ClamdAddress a = ClamdAddress.parse("tcp:127.0.0.1:3310");

        assertThat(a).isInstanceOf(ClamdAddress.Tcp.class).hasToString("tcp:127.0.0.1:3310");
        assertThat(a.resolve()).isEqualTo(new InetSocketAddress("127.0.0.1", 3310));
    }

    @Test
    void tcpIpv6() {
        ClamdAddress a = ClamdAddress.parse("tcp:[::1]:3310");

        assertThat(a).hasToString("tcp:[::1]:3310");
        assertThat(((InetSocketAddress) a.resolve()).getPort()).isEqualTo(3310);
    }

    @Test
    void unix() {
        ClamdAddress a = ClamdAddress.parse(" unix:/run/clamav/clamd.ctl ");

        assertThat(a).isEqualTo(new ClamdAddress.Unix(Path.of("/run/clamav/clamd.ctl")))
                .hasToString("unix:/run/clamav/clamd.ctl");
        assertThat(a.resolve()).isEqualTo(UnixDomainSocketAddress.of("/run/clamav/clamd.ctl"));
    }

    @Test
    void refused() {
        assertThatThrownBy(() -> ClamdAddress.parse("127.0.0.1:3310")).hasMessageContaining("not a clamd address");
        assertThatThrownBy(() -> ClamdAddress.parse("tcp:localhost")).hasMessageContaining("not host:port");
        assertThatThrownBy(() -> ClamdAddress.parse("tcp:127.0.0.1:0")).hasMessageContaining("must not be 0");
        assertThatThrownBy(() -> ClamdAddress.parse("unix:clamd.ctl")).hasMessageContaining("absolute");
    }

    @Test
    void settingsRefuseNonsense() {
        ClamdSettings d = ClamdSettings.defaults();

        assertThat(d.address()).hasToString(ClamdSettings.DEFAULT_ADDRESS);
        assertThatThrownBy(() -> d.withMaxConnections(0)).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> d.withMaxStreamSize(0)).hasMessageContaining("maxStreamSize");
        assertThatThrownBy(() -> d.withTimeouts(java.time.Duration.ZERO, d.readTimeout()))
                .hasMessageContaining("connectTimeout");
    }
}
