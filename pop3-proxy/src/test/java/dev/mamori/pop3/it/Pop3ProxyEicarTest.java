package dev.mamori.pop3.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.quarantine.QuarantineEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real pipeline (MIME walker, archive expansion, signature engine with its built-in EICAR signature, policy,
 * quarantine) through the POP3 proxy: EICAR wherever it hides is replaced and quarantined; clean mail is untouched.
 */
@Timeout(60)
class Pop3ProxyEicarTest {
    @TempDir
    Path dataDir;
    private GreenMail greenMail;
    private int port;
    private ProxyHarness mamori;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort());
        greenMail.start();
        port = greenMail.getPop3().getPort();
        byte[] eicar = TestCorpus.eicar();
        var alice = greenMail.setUser("alice@example.com", "alice", "pw");
        alice.deliver(GreenMailUtil.newMimeMessage(TestCorpus.withAttachment("plain", "eicar.com", "application/octet-stream", eicar)));
        alice.deliver(GreenMailUtil.newMimeMessage(TestCorpus.withAttachment("zipped", "invoice.zip", "application/zip",
                TestCorpus.zip("eicar.com", eicar))));
        alice.deliver(GreenMailUtil.newMimeMessage(TestCorpus.withAttachment("nested", "outer.zip", "application/zip",
                TestCorpus.zip("inner.zip", TestCorpus.zip("eicar.com", eicar)))));
        alice.deliver(GreenMailUtil.newMimeMessage(TestCorpus.withForwardedMessage("forwarded",
                TestCorpus.withAttachment("inner", "eicar.com", "application/octet-stream", eicar))));
        alice.deliver(GreenMailUtil.newMimeMessage(TestCorpus.withAttachment("clean", "report.zip", "application/zip",
                TestCorpus.zip("report.txt", "quarterly figures\r\n".repeat(100).getBytes()))));
        mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE).allowLoopback(port + "", UpstreamTls.NONE).start();
    }

    @AfterEach
    void stop() {
        mamori.close();
        greenMail.stop();
    }

    @Test
    void eicarIsReplacedAndQuarantinedWhereverItHidesAndCleanMailIsUntouched() throws Exception {
        List<byte[]> direct;
        try (RawPop3Client c = new RawPop3Client(new InetSocketAddress("127.0.0.1", port))) {
            c.command("USER alice");
            c.command("PASS pw");
            direct = List.of(c.multi("RETR 1"), c.multi("RETR 2"), c.multi("RETR 3"), c.multi("RETR 4"), c.multi("RETR 5"));
        }
        List<String> via = new java.util.ArrayList<>();
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER alice#127.0.0.1:" + port);
            c.command("PASS pw");
            for (int i = 1; i <= 5; i++) {
                via.add(new String(c.multi("RETR " + i), StandardCharsets.ISO_8859_1));
            }
        }
        String[] expectedPaths = {
                "message > part 2 > eicar.com",
                "message > part 2 > invoice.zip > eicar.com",
                "message > part 2 > outer.zip > inner.zip > eicar.com",
                "message > part 2 > fwd.eml > part 2 > eicar.com"};
        for (int i = 0; i < 4; i++) {
            assertThat(via.get(i)).as("message %d", i + 1)
                    .contains("X-Mamori-Status: replaced", "Subject: [Mamori: virus] ", "Eicar-Test-Signature")
                    .doesNotContain("EICAR-STANDARD");
            String unfolded = via.get(i).replace("\r\n ", " ");
            assertThat(unfolded).as("path of message %d", i + 1).contains("X-Mamori-Threat: Eicar-Test-Signature in " + expectedPaths[i]);
        }
        assertThat(via.get(4).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(direct.get(4));

        // message tracking: one row per retrieval, with the detections and the quarantine id
        mamori.runtime.store().flush();
        var tracked = mamori.runtime.store().queries().searchMessages(
                new dev.mamori.core.store.MessageSearch(null, null, "alice", null, null, null, 100));
        assertThat(tracked).hasSize(5);
        assertThat(tracked).filteredOn(m -> m.message().verdict().equals("threats")).hasSize(4)
                .allSatisfy(m -> {
                    assertThat(m.message().quarantineId()).startsWith("Q-");
                    assertThat(m.message().detections()).anySatisfy(d -> assertThat(d.name()).isEqualTo("Eicar-Test-Signature"));
                });
        assertThat(tracked).filteredOn(m -> m.message().verdict().equals("clean")).singleElement()
                .satisfies(m -> {
                    assertThat(m.message().subject()).isEqualTo("clean");
                    assertThat(m.message().attachmentNames()).containsExactly("report.zip", "report.txt");
                });
        assertThat(tracked).filteredOn(m -> "nested".equals(m.message().subject())).singleElement()
                .satisfies(m -> assertThat(m.message().attachmentNames()).containsExactly("outer.zip", "inner.zip", "eicar.com"));

        List<QuarantineEntry> q = mamori.runtime.quarantine().list();
        assertThat(q).hasSize(4).allSatisfy(e -> assertThat(e.reasons()).anySatisfy(r -> assertThat(r).contains("Eicar-Test-Signature")));
        for (QuarantineEntry e : q) {
            int n = Integer.parseInt(e.messageId());
            try (var in = mamori.runtime.quarantine().open(e.id())) {
                assertThat(in.readAllBytes()).as("quarantined original of message %d", n).isEqualTo(unstuff(direct.get(n - 1)));
            }
        }
    }

    @Test
    void withStripOnlyTheInfectedAttachmentIsReplacedAndTheTextStays() throws Exception {
        mamori.close();
        dev.mamori.core.scan.policy.PolicyAction strip = dev.mamori.core.scan.policy.PolicyAction.of("strip", "quarantine");
        mamori = ProxyHarness.builder(dataDir.resolve("strip")).generic(ClientTls.NONE).allowLoopback(port + "", UpstreamTls.NONE)
                .scanPolicy(new dev.mamori.core.scan.policy.ScanPolicy(strip, strip, strip, null, null, null, null, null, null))
                .start();
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER alice#127.0.0.1:" + port);
            c.command("PASS pw");
            String got = new String(c.multi("RETR 2"), StandardCharsets.ISO_8859_1); // EICAR in invoice.zip
            assertThat(got).contains("X-Mamori-Status: stripped", "Subject: [Mamori: virus] zipped",
                    "See attachment.", // the text part is kept
                    "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable")
                    .doesNotContain("EICAR-STANDARD").doesNotContain("application/zip");
            String part = got.substring(got.indexOf("Content-Disposition: inline\r\n\r\n") + 31, got.indexOf("\r\n--=_b--"));
            String notice = new String(new org.apache.james.mime4j.codec.QuotedPrintableInputStream(
                    new java.io.ByteArrayInputStream(part.getBytes(StandardCharsets.ISO_8859_1))).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(notice).contains("removed the attachment invoice.zip",
                    "Eicar-Test-Signature in message \u203a part 2 \u203a invoice.zip \u203a eicar.com");
            String id = got.replaceAll("(?s).*X-Mamori-Quarantine-Id: (Q-[0-9a-f-]+).*", "$1");
            assertThat(got).contains(id);
            assertThat(mamori.runtime.quarantine().get(id)).isPresent();
        }
    }

    @Test
    void anExecutableBehindADoubleExtensionIsBlockedByTheHeuristics() throws Exception {
        byte[] dosProgram = new byte[512];
        dosProgram[0] = 'M';
        dosProgram[1] = 'Z';
        greenMail.setUser("bob@example.com", "bob", "pw").deliver(GreenMailUtil.newMimeMessage(
                TestCorpus.withAttachment("your invoice", "invoice.pdf.exe", "application/pdf", dosProgram)));
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER bob#127.0.0.1:" + port);
            c.command("PASS pw");
            String got = new String(c.multi("RETR 1"), StandardCharsets.ISO_8859_1).replace("\r\n ", " ");
            assertThat(got).contains("X-Mamori-Status: replaced", "blocked_attachment", "Heuristic.DoubleExtension",
                    "invoice.pdf.exe", "Subject: [Mamori: blocked attachment] your invoice");
        }
    }

    private static byte[] unstuff(byte[] stuffed) throws IOException {
        return new dev.mamori.pop3.codec.DotUnstuffingInputStream(new java.io.ByteArrayInputStream(stuffed)).readAllBytes();
    }
}
