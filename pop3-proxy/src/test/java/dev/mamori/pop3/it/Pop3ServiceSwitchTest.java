package dev.mamori.pop3.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.runtime.ServiceControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The "allow POP3 connections" switch: new sessions are refused while it is off, running sessions finish. */
@Timeout(60)
class Pop3ServiceSwitchTest {
    @TempDir
    Path dataDir;
    private GreenMail greenMail;
    private ProxyHarness mamori;
    private int upstreamPort;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort());
        greenMail.start();
        upstreamPort = greenMail.getPop3().getPort();
        greenMail.setUser("alice@example.com", "alice", "s3cret-pw").deliver(GreenMailUtil.newMimeMessage(
                "From: a@example.net\r\nTo: alice@example.com\r\nSubject: kept\r\n\r\nbody\r\n"));
        mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE)
                .allowLoopback(upstreamPort + "", UpstreamTls.NONE)
                .dedicated("127.0.0.1", upstreamPort, UpstreamTls.NONE).start();
    }

    @AfterEach
    void stop() {
        if (mamori != null) {
            mamori.close();
        }
        greenMail.stop();
    }

    @Test
    void newConnectionsGetTheRefusalWhileRunningSessionsFinish() throws Exception {
        ServiceControl services = mamori.runtime.services();
        try (RawPop3Client running = new RawPop3Client(mamori.address(0))) {
            assertThat(running.greeting).startsWith("+OK");
            assertThat(running.command("USER alice#127.0.0.1:" + upstreamPort)).startsWith("+OK");
            assertThat(running.command("PASS s3cret-pw")).startsWith("+OK");

            services.setEnabled(ServiceControl.Service.POP3, false, "test");
            for (int listener = 0; listener < 2; listener++) {
                try (RawPop3Client refused = new RawPop3Client(mamori.address(listener))) {
                    assertThat(refused.greeting)
                            .isEqualTo("-ERR [SYS/TEMP] POP3 service disabled by the administrator");
                    assertThat(refused.isClosedByPeer()).as("closed after the refusal").isTrue();
                }
            }

            // the session that started before the switch retrieves and quits normally
            byte[] message = running.multi("RETR 1");
            assertThat(new String(message, java.nio.charset.StandardCharsets.US_ASCII)).contains("Subject: kept");
            assertThat(running.command("QUIT")).startsWith("+OK");
        }
        services.setEnabled(ServiceControl.Service.POP3, true, "test");
        try (RawPop3Client again = new RawPop3Client(mamori.address(0))) {
            assertThat(again.greeting).startsWith("+OK");
        }
    }
}
