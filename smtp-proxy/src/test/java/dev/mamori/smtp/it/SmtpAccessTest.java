package dev.mamori.smtp.it;

import dev.mamori.core.config.AccessSettings;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** access.clients and the connection limits guard the SMTP listeners as they guard POP3's. */
class SmtpAccessTest {
    @TempDir
    Path dir;

    @Test
    void aClientOutsideAccessClientsIsRefusedBeforeAnyUpstreamIsContacted() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0);
             SmtpHarness h = new SmtpHarness(dir, new AccessSettings(List.of(Cidr.parse("10.0.0.0/8")), null, null, null),
                     List.of(), SmtpHarness.listener(ClientTls.NONE, UpstreamTls.NONE, upstream.getLocalPort()));
             RawSmtpClient c = new RawSmtpClient(h.address())) {
            assertThat(c.reply()).isEqualTo("554 5.7.1 Access denied: your address may not use this server\r\n");
            assertThat(c.reply()).isEmpty();
            upstream.setSoTimeout(300);
            assertThat(catchAccept(upstream)).isFalse();
        }
    }

    @Test
    void connectionsPerAddressAreLimitedAndReleasedWhenASessionEnds() throws Exception {
        try (ScriptedSmtpServer upstream = new ScriptedSmtpServer(null, List.of());
             SmtpHarness h = new SmtpHarness(dir, new AccessSettings(null, null, 1, null), List.of(),
                     SmtpHarness.listener(ClientTls.NONE, UpstreamTls.NONE, upstream.port()))) {
            try (RawSmtpClient first = new RawSmtpClient(h.address())) {
                assertThat(first.reply()).startsWith("220 ");
                try (RawSmtpClient second = new RawSmtpClient(h.address())) {
                    assertThat(second.reply()).isEqualTo("421 4.7.0 too many connections from your address; try again later\r\n");
                }
                assertThat(first.cmd("QUIT")).startsWith("221");
            }
            // the first session's slot is free again once it has closed
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                try (RawSmtpClient third = new RawSmtpClient(h.address())) {
                    String greeting = third.reply();
                    if (greeting.startsWith("220 ") || System.nanoTime() > deadline) {
                        assertThat(greeting).startsWith("220 ");
                        break;
                    }
                }
                Thread.sleep(50);
            }
        }
    }

    private static boolean catchAccept(ServerSocket s) {
        try (var ignored = s.accept()) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
