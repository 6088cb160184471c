package dev.mamori.pop3.it;

import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.UpstreamTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What Mamori sends upstream, and how it treats upstreams that misbehave, seen from a scripted server. */
@Timeout(30)
class Pop3ProxyUpstreamBehaviourTest {
    @TempDir
    Path dataDir;

    private static String answer(String line) {
        String cmd = line.split(" ")[0].toUpperCase();
        return switch (cmd) {
            case "CAPA" -> "+OK\r\nUSER\r\nUIDL\r\n.\r\n";
            case "RETR" -> "+OK 40 octets\r\nSubject: x\r\n\r\n..dot\r\nhalf a mess";
            default -> "+OK\r\n";
        };
    }

    @Test
    void aClientThatDropsAfterDeleNeverMakesMamoriSendQuit() throws Exception {
        try (ScriptedPop3Server up = new ScriptedPop3Server("+OK ready", Pop3ProxyUpstreamBehaviourTest::answer);
             ProxyHarness mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE)
                     .allowLoopback(up.port() + "", UpstreamTls.NONE).start()) {
            try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
                assertThat(c.command("USER alice#127.0.0.1:" + up.port())).startsWith("+OK");
                assertThat(c.command("PASS pw")).startsWith("+OK");
                assertThat(c.command("DELE 1")).startsWith("+OK");
            }
            assertThat(up.closed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(up.received).containsExactly("CAPA", "USER alice", "PASS pw", "DELE 1");
        }
    }

    @Test
    void anUpstreamDroppingMidRetrGivesATemporaryErrorAndNoPartialMessage() throws Exception {
        try (ScriptedPop3Server up = new ScriptedPop3Server("+OK ready", line ->
                line.startsWith("RETR") ? null : answer(line));
             ProxyHarness mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE)
                     .allowLoopback(up.port() + "", UpstreamTls.NONE).start()) {
            try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
                c.command("USER alice#127.0.0.1:" + up.port());
                c.command("PASS pw");
                assertThat(c.command("RETR 1")).startsWith("-ERR [SYS/TEMP]").contains("stays on the server");
                assertThat(c.isClosedByPeer()).isTrue();
            }
        }
    }

    @Test
    void anUpstreamThatSendsHalfAMessageAndCloses() throws Exception {
        try (ScriptedPop3Server up = new ScriptedPop3Server("+OK ready", line -> {
            if (line.startsWith("RETR")) {
                return ScriptedPop3Server.CLOSE_AFTER + "+OK 40 octets\r\nSubject: x\r\n\r\nhalf";
            }
            return answer(line);
        }); ProxyHarness mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE)
                .allowLoopback(up.port() + "", UpstreamTls.NONE).start()) {
            try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
                c.command("USER alice#127.0.0.1:" + up.port());
                c.command("PASS pw");
                // the status line and part of the body arrived, then the connection closed: nothing of it may
                // reach the client, which must hear a temporary error instead
                assertThat(c.command("RETR 1")).startsWith("-ERR [SYS/TEMP]").contains("stays on the server");
                assertThat(c.isClosedByPeer()).isTrue();
            }
        }
    }

    @Test
    void aSaslExchangeOnADedicatedPortIsRelayedStepByStep() throws Exception {
        String response = java.util.Base64.getEncoder().encodeToString("\0alice\0pw".getBytes());
        try (ScriptedPop3Server up = new ScriptedPop3Server("+OK ready <1.2@host>", line -> switch (line) {
            case "CAPA" -> "+OK\r\nSASL PLAIN\r\n.\r\n";
            case "AUTH PLAIN" -> "+ \r\n";
            default -> line.equals(response) ? "+OK logged in\r\n" : "+OK\r\n";
        }); ProxyHarness mamori = ProxyHarness.builder(dataDir).dedicated("127.0.0.1", up.port(), UpstreamTls.NONE).start()) {
            try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
                assertThat(c.greeting).isEqualTo("+OK ready <1.2@host>");
                assertThat(c.command("AUTH PLAIN")).isEqualTo("+ ");
                assertThat(c.command(response)).isEqualTo("+OK logged in");
                assertThat(c.command("STAT")).startsWith("+OK");
            }
            assertThat(up.received).containsExactly("CAPA", "AUTH PLAIN", response, "STAT");
        }
    }

    @Test
    void anUpstreamThatNeverGreetsTimesOut() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             ProxyHarness mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE)
                     .allowLoopback(silent.getLocalPort() + "", UpstreamTls.NONE).start()) {
            try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
                // connect timeout is 3 s in the harness: the whole set-up gets twice that
                assertThat(c.command("USER alice#127.0.0.1:" + silent.getLocalPort())).startsWith("-ERR [SYS/TEMP]")
                        .contains("did not answer in time");
            }
        }
    }
}
