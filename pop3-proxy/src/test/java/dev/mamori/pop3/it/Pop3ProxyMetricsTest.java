package dev.mamori.pop3.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.metrics.ListenerStats;
import dev.mamori.core.metrics.TrafficSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The POP3 proxy feeds the traffic meter: sessions, relayed bytes both ways, scanned messages and detections. */
@Timeout(90)
class Pop3ProxyMetricsTest {
    @TempDir
    Path dataDir;
    private GreenMail greenMail;
    private int port;
    private ProxyHarness mamori;
    private int closedPort;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort());
        greenMail.start();
        port = greenMail.getPop3().getPort();
        var alice = greenMail.setUser("alice@example.com", "alice", "pw");
        alice.deliver(GreenMailUtil.newMimeMessage(TestCorpus.withAttachment("clean one", "a.txt", "text/plain",
                "first clean attachment\r\n".repeat(200).getBytes())));
        alice.deliver(GreenMailUtil.newMimeMessage(TestCorpus.withAttachment("infected", "eicar.com",
                "application/octet-stream", TestCorpus.eicar())));
        alice.deliver(GreenMailUtil.newMimeMessage(TestCorpus.withAttachment("clean two", "b.txt", "text/plain",
                "second clean attachment\r\n".repeat(300).getBytes())));
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE).allowLoopback(port + "", UpstreamTls.NONE)
                .allowLoopback(closedPort + "", UpstreamTls.NONE).start();
    }

    @AfterEach
    void stop() {
        mamori.close();
        greenMail.stop();
    }

    @Test
    void countsSessionsBytesMessagesAndDetections() throws Exception {
        long delivered = 0;
        String[] commands = {"USER alice\r\n", "PASS pw\r\n", "RETR 1\r\n", "RETR 2\r\n", "RETR 3\r\n", "QUIT\r\n"};
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER alice#127.0.0.1:" + port);
            c.command("PASS pw");
            for (int i = 1; i <= 3; i++) {
                byte[] body = c.multi("RETR " + i);
                assertThat(body).isNotNull();
                delivered += body.length;
            }
            c.command("QUIT");
        }
        ListenerStats s = await(l -> l.activeSessions() == 0 && l.sessions() == 1);

        assertThat(s.messages()).isEqualTo(3);
        assertThat(s.detections()).isEqualTo(1);
        // one message, two policy categories: EICAR is a virus, and .com is a blocked attachment type
        assertThat(s.detectionsByCategory()).isEqualTo(java.util.Map.of("virus", 1L, "blocked_attachment", 1L));
        // the client got at least every delivered body (plus status lines, terminators and Mamori's own replies)
        assertThat(s.bytesUpstreamToClient()).isGreaterThanOrEqualTo(delivered);
        long sent = 0;
        for (String c : commands) {
            sent += c.length();
        }
        // the upstream got at least the commands relayed for the client (Mamori adds its own CAPA)
        assertThat(s.bytesClientToUpstream()).isGreaterThanOrEqualTo(sent);

        // the sampler (1 Hz, on its own thread) sees the same totals
        TrafficSnapshot sampled = awaitSample(t -> {
            ListenerStats l = t.listener("pop3", "generic0");
            return l != null && l.messages() == 3;
        });
        assertThat(sampled.scan().overall().count()).isGreaterThanOrEqualTo(3);
        assertThat(sampled.scan().overall().maxMicros()).isPositive();
    }

    @Test
    void upstreamConnectFailuresAreTrackedForTheUnreachableAlert() throws Exception {
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            // the generic port connects on USER: nothing listens there
            assertThat(c.command("USER alice#127.0.0.1:" + closedPort)).startsWith("-ERR [SYS/TEMP]");
            assertThat(mamori.runtime.upstreamHealth().failing()).isEqualTo(1);
            // a good upstream afterwards does not clear the other one's outage
            c.command("USER alice#127.0.0.1:" + port);
            assertThat(c.command("PASS pw")).startsWith("+OK");
            assertThat(mamori.runtime.upstreamHealth().failing()).isEqualTo(1);
        }
    }

    private ListenerStats await(Predicate<ListenerStats> done) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        ListenerStats s = null;
        while (System.nanoTime() < deadline) {
            s = mamori.runtime.traffic().snapshot().listener("pop3", "generic0");
            if (s != null && done.test(s)) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("meter never reached the expected state: " + s);
    }

    private TrafficSnapshot awaitSample(Predicate<TrafficSnapshot> done) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        TrafficSnapshot t = null;
        while (System.nanoTime() < deadline) {
            t = mamori.runtime.traffic().latest();
            if (t != null && done.test(t)) {
                return t;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no sample with the expected totals: " + t);
    }
}
