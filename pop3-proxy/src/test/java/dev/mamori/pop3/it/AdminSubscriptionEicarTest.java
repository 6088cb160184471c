package dev.mamori.pop3.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mamori.core.admin.AdminAccount;
import dev.mamori.core.admin.AdminAccounts;
import dev.mamori.core.admin.PasswordHash;
import dev.mamori.core.admin.Role;
import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.AdminListener;
import dev.mamori.core.admin.client.KnownHosts;
import dev.mamori.core.admin.server.AdminServer;
import dev.mamori.core.config.AdminSettings;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.metrics.TrafficSnapshot;
import dev.mamori.core.net.HostPort;
import dev.mamori.core.store.DetectionFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin channel watching real traffic: a subscriber sees the detection of an EICAR message retrieved through the
 * POP3 proxy from GreenMail, and then finds it with {@code detections.search}.
 */
@Timeout(120)
class AdminSubscriptionEicarTest {
    @TempDir
    Path dataDir;

    @Test
    void aSubscriberSeesTheDetectionOfARealRetrieval() throws Exception {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort());
        greenMail.start();
        int port = greenMail.getPop3().getPort();
        greenMail.setUser("alice@example.com", "alice", "pw").deliver(GreenMailUtil.newMimeMessage(
                TestCorpus.withAttachment("infected", "eicar.com", "application/octet-stream", TestCorpus.eicar())));
        try (ProxyHarness mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE)
                .allowLoopback(port + "", UpstreamTls.NONE).start();
             AdminServer admin = AdminServer.start(mamori.runtime,
                     new AdminSettings(true, HostPort.parse("127.0.0.1:0"), null, false, null), null, List::of, "it")) {
            new AdminAccounts(dataDir.resolve("admin/accounts.json")).add(new AdminAccount("watch", Role.VIEWER,
                    PasswordHash.hash("watch password 1".toCharArray()), null, false));
            BlockingQueue<MamoriEvent> events = new LinkedBlockingQueue<>();
            BlockingQueue<TrafficSnapshot> stats = new LinkedBlockingQueue<>();
            try (AdminClient client = AdminClient.connect("127.0.0.1", admin.boundAddress().getPort(), "watch",
                    "watch password 1".toCharArray(), new KnownHosts(dataDir.resolve("known_hosts")))) {
                client.subscribe(List.of("events", "stats"), new AdminListener() {
                    @Override
                    public void onEvent(MamoriEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void onStats(TrafficSnapshot snapshot) {
                        stats.add(snapshot);
                    }
                });
                try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
                    c.command("USER alice#127.0.0.1:" + port);
                    c.command("PASS pw");
                    assertThat(new String(c.multi("RETR 1"), java.nio.charset.StandardCharsets.ISO_8859_1))
                            .contains("X-Mamori-Status: replaced");
                    c.command("QUIT");
                }
                MamoriEvent event = events.poll(60, TimeUnit.SECONDS);
                assertThat(event).isInstanceOfSatisfying(MamoriEvent.Detection.class, d -> {
                    assertThat(d.protocol()).isEqualTo("pop3");
                    assertThat(d.account()).isEqualTo("alice");
                    assertThat(d.threats()).contains("Eicar-Test-Signature");
                    assertThat(d.quarantineId()).startsWith("Q-");
                });
                assertThat(stats.poll(30, TimeUnit.SECONDS)).isNotNull();
                mamori.runtime.store().flush();
                assertThat(client.detections(DetectionFilter.latest(10)))
                        .anySatisfy(r -> assertThat(r.threat().name()).isEqualTo("Eicar-Test-Signature"));
                String id = ((MamoriEvent.Detection) event).quarantineId();
                assertThat(client.quarantineShow(id).account()).isEqualTo("alice");
            }
        } finally {
            greenMail.stop();
        }
    }
}
