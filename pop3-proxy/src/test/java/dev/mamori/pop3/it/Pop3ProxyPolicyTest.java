package dev.mamori.pop3.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policy through the real POP3 path: a detection replaces the message by a notice and quarantines the original
 * first; a release lets the next RETR through unchanged; broken MIME is delivered tagged with its body untouched.
 * The engine here is a test double that flags a marker string, so the test needs no signature database.
 */
@Timeout(60)
class Pop3ProxyPolicyTest {
    private static final String MARKER = "MAMORI-TEST-MALWARE-MARKER";

    /** Flags any item containing the marker, like a one-signature engine. */
    private static final ContentEngine MARKER_ENGINE = new ContentEngine() {
        @Override
        public String name() {
            return "marker";
        }

        @Override
        public List<Detection> scan(ContentItem item) throws IOException {
            try (InputStream in = item.open()) {
                String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                return text.contains(MARKER) && item.depth() > 0
                        ? List.of(new Detection(ThreatCategory.VIRUS, "Test.Marker", "marker", item.path(), "marker found"))
                        : List.of();
            }
        }
    };

    @TempDir
    Path dataDir;
    private GreenMail greenMail;
    private int upstreamPort;
    private ProxyHarness mamori;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort());
        greenMail.start();
        upstreamPort = greenMail.getPop3().getPort();
        String attachment = Base64.getMimeEncoder().encodeToString(("payload " + MARKER + " payload").getBytes());
        greenMail.setUser("alice@example.com", "alice", "pw").deliver(GreenMailUtil.newMimeMessage(
                "From: sender@example.net\r\nTo: alice@example.com\r\nSubject: Invoice 42\r\nMessage-ID: <inv42@example.net>\r\n"
                        + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                        + "--b1\r\nContent-Type: text/plain\r\n\r\nPlease find the invoice attached.\r\n"
                        + "--b1\r\nContent-Type: application/octet-stream; name=\"invoice.exe\"\r\n"
                        + "Content-Disposition: attachment; filename=\"invoice.exe\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                        + attachment + "\r\n--b1--\r\n"));
        mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE).allowLoopback(upstreamPort + "", UpstreamTls.NONE).start();
        mamori.runtime.useEngines(List.of(MARKER_ENGINE));
    }

    @AfterEach
    void stop() {
        mamori.close();
        greenMail.stop();
    }

    private byte[] directRetr() throws IOException {
        try (RawPop3Client c = new RawPop3Client(new InetSocketAddress("127.0.0.1", upstreamPort))) {
            c.command("USER alice");
            c.command("PASS pw");
            return c.multi("RETR 1");
        }
    }

    @Test
    void anInfectedMessageIsReplacedByANoticeAndTheOriginalQuarantinedFirst() throws Exception {
        byte[] original = unstuff(directRetr());
        String notice;
        String status;
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER alice#127.0.0.1:" + upstreamPort);
            c.command("PASS pw");
            notice = new String(unstuff(c.multi("RETR 1")), StandardCharsets.ISO_8859_1);
            status = c.lastStatus;
        }
        List<QuarantineEntry> entries = mamori.runtime.quarantine().list();
        assertThat(entries).hasSize(1);
        QuarantineEntry e = entries.getFirst();
        try (InputStream in = mamori.runtime.quarantine().open(e.id())) {
            assertThat(in.readAllBytes()).isEqualTo(original);
        }
        assertThat(e.account()).isEqualTo("alice");
        assertThat(e.subject()).isEqualTo("Invoice 42");
        assertThat(e.reasons()).anySatisfy(r -> assertThat(r).contains("Test.Marker", "invoice.exe"));

        assertThat(status).isEqualTo("+OK " + notice.length() + " octets");
        assertThat(notice).contains("Subject: [Mamori: virus] Invoice 42\r\n", "Message-ID: <inv42@example.net>\r\n",
                "X-Mamori-Status: replaced\r\n", "X-Mamori-Quarantine-Id: " + e.id() + "\r\n",
                "Content-Type: text/plain; charset=UTF-8\r\n");
        assertThat(notice).doesNotContain(MARKER).doesNotContain("multipart/mixed");
        String body = new String(new org.apache.james.mime4j.codec.QuotedPrintableInputStream(new java.io.ByteArrayInputStream(
                notice.substring(notice.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1))).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(body).contains("withheld this message because it contains a virus", "Test.Marker", "invoice.exe", e.id());
    }

    @Test
    void aReleasedMessageIsDeliveredUnchangedOnTheNextRetrieval() throws Exception {
        byte[] direct = directRetr();
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER alice#127.0.0.1:" + upstreamPort);
            c.command("PASS pw");
            assertThat(new String(c.multi("RETR 1"))).contains("X-Mamori-Status: replaced");
        }
        String id = mamori.runtime.quarantine().list().getFirst().id();
        mamori.runtime.quarantine().release(id);
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER alice#127.0.0.1:" + upstreamPort);
            c.command("PASS pw");
            assertThat(c.multi("RETR 1")).isEqualTo(direct);
            // the release was used once: the next retrieval is replaced again
            assertThat(new String(c.multi("RETR 1"))).contains("X-Mamori-Status: replaced");
        }
        assertThat(mamori.runtime.quarantine().get(id)).get().extracting(QuarantineEntry::status)
                .isEqualTo(QuarantineEntry.Status.DELIVERED);
    }

    @Test
    void brokenMimeIsDeliveredTaggedWithItsBodyUntouched() throws Exception {
        String body = "--nope\r\nContent-Type: text/plain\r\n\r\nhello\r\n.dot line\r\n"; // the boundary never closes
        greenMail.setUser("bob@example.com", "bob", "pw").deliver(GreenMailUtil.newMimeMessage(
                "From: a@example.net\r\nSubject: broken\r\nMIME-Version: 1.0\r\n"
                        + "Content-Type: multipart/mixed; boundary=\"nope\"\r\n\r\n" + body));
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER bob#127.0.0.1:" + upstreamPort);
            c.command("PASS pw");
            String got = new String(unstuff(c.multi("RETR 1")), StandardCharsets.ISO_8859_1);
            assertThat(got).startsWith("X-Mamori-Status: tagged\r\n").contains("Subject: [Mamori: malformed message] broken\r\n");
            assertThat(got.substring(got.indexOf("\r\n\r\n") + 4)).startsWith("--nope\r\nContent-Type: text/plain\r\n\r\nhello\r\n.dot line\r\n");
        }
        assertThat(mamori.runtime.quarantine().list()).isEmpty(); // tag only, no quarantine by default
    }

    @Test
    void topIsScannedLikeRetrBecauseFetchmailDownloadsWithIt() throws Exception {
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER alice#127.0.0.1:" + upstreamPort);
            c.command("PASS pw");
            String top = new String(c.multi("TOP 1 99999999"), StandardCharsets.ISO_8859_1);
            assertThat(top).contains("X-Mamori-Status: replaced").doesNotContain(MARKER);
        }
    }

    /** An engine that takes its time, and optionally fails at the end. */
    private static ContentEngine slow(long millis, boolean fail) {
        return new ContentEngine() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public List<Detection> scan(ContentItem item) throws IOException {
                if (item.depth() == 0) {
                    try {
                        Thread.sleep(millis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (fail) {
                        throw new IOException("engine crashed");
                    }
                }
                return List.of();
            }
        };
    }

    private ProxyHarness keepAliveMamori() throws Exception {
        mamori.close();
        mamori = ProxyHarness.builder(dataDir.resolve("ka")).generic(ClientTls.NONE).allowLoopback(upstreamPort + "", UpstreamTls.NONE)
                .limits(new dev.mamori.core.config.Pop3Limits(null, null, null, null, null, null,
                        java.time.Duration.ofMillis(300), java.time.Duration.ofMillis(300)))
                .start();
        return mamori;
    }

    @Test
    void aLongScanKeepsTheClientWaitingWithHeaderLinesThenDeliversTheMessage() throws Exception {
        greenMail.setUser("carol@example.com", "carol", "pw").deliver(GreenMailUtil.newMimeMessage("Subject: slow\r\n\r\nclean body\r\n"));
        byte[] direct;
        try (RawPop3Client c = new RawPop3Client(new InetSocketAddress("127.0.0.1", upstreamPort))) {
            c.command("USER carol");
            c.command("PASS pw");
            direct = c.multi("RETR 1");
        }
        keepAliveMamori().runtime.useEngines(List.of(slow(1500, false)));
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER carol#127.0.0.1:" + upstreamPort);
            c.command("PASS pw");
            byte[] got = c.multi("RETR 1");
            assertThat(c.lastStatus).isEqualTo("+OK message follows (Mamori is scanning it)");
            String text = new String(got, StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("X-Mamori-Keepalive: scanning\r\nX-Mamori-Keepalive: scanning\r\n");
            String rest = text.replaceFirst("^(X-Mamori-Keepalive: scanning\r\n)+", "");
            assertThat(rest.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(direct);
            assertThat(c.command("NOOP")).startsWith("+OK"); // the session goes on
        }
    }

    @Test
    void aScanThatFailsAfterTheKeepAliveStartedEndsTheSessionWithoutDeliveringAnything() throws Exception {
        greenMail.setUser("dave@example.com", "dave", "pw").deliver(GreenMailUtil.newMimeMessage("Subject: x\r\n\r\nbody\r\n"));
        keepAliveMamori().runtime.useEngines(List.of(slow(1000, true)));
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER dave#127.0.0.1:" + upstreamPort);
            c.command("PASS pw");
            assertThat(c.command("RETR 1")).startsWith("+OK message follows");
            org.assertj.core.api.Assertions.assertThatThrownBy(c::body).isInstanceOf(IOException.class)
                    .hasMessageContaining("closed inside a multi-line answer");
        }
        // no QUIT reached the server: the message is still there
        try (RawPop3Client c = new RawPop3Client(new InetSocketAddress("127.0.0.1", upstreamPort))) {
            c.command("USER dave");
            c.command("PASS pw");
            assertThat(c.command("STAT")).startsWith("+OK 1 ");
        }
    }

    @Test
    void aQuickScanFailureIsATemporaryErrorAndTheSessionContinues() throws Exception {
        mamori.runtime.useEngines(List.of(slow(0, true)));
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER alice#127.0.0.1:" + upstreamPort);
            c.command("PASS pw");
            assertThat(c.command("RETR 1")).startsWith("-ERR [SYS/TEMP] message could not be scanned").contains("stays on the server");
            assertThat(c.command("NOOP")).startsWith("+OK");
        }
    }

    /** Content as the client's mail program sees it: the leading dot of each line removed. */
    private static byte[] unstuff(byte[] stuffed) throws IOException {
        return new dev.mamori.pop3.codec.DotUnstuffingInputStream(new java.io.ByteArrayInputStream(stuffed)).readAllBytes();
    }
}
