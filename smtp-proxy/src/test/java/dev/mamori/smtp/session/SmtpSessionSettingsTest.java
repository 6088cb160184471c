package dev.mamori.smtp.session;

import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.DataSize;
import dev.mamori.core.config.SmtpRoute;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.policy.ScanPolicy;
import dev.mamori.smtp.TestMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions under non-default settings: fail-open scanning, no added header fields, large messages. */
class SmtpSessionSettingsTest {
    @TempDir
    Path dir;

    @Test
    void scannerFailureWithDeliverTaggedRelaysTheTaggedMessage() throws Exception {
        ScanPolicy failOpen = new ScanPolicy(null, null, null, null, null, null, null,
                ScanPolicy.ScanFailure.DELIVER_TAGGED, null);
        try (ProxyRuntime runtime = SessionHarness.runtime(dir, failOpen);
             SessionHarness h = new SessionHarness(runtime)) {
            h.open(SessionHarness.listener("unit", ClientTls.NONE, UpstreamTls.NONE, false, false, false,
                    new SmtpRoute("up1", 25, 10)), new TestPolicy(),
                    (m, c) -> CompletableFuture.completedFuture(new Verdict.ScanError("engine crashed")));
            h.reply();
            h.cmd("EHLO c.example");
            h.cmd("MAIL FROM:<s@example.net>");
            h.cmd("RCPT TO:<alice@example.com>");
            assertThat(h.cmd("DATA")).startsWith("354");
            h.send(TestMessages.stuffed(TestMessages.clean("unscanned")));
            assertThat(h.reply()).startsWith("250 ");
            String delivered = new String(h.upstream("up1").messages.getFirst(), StandardCharsets.UTF_8);
            assertThat(delivered).startsWith("Received: ").contains("X-Mamori-Status: tagged", "not scanned: engine crashed")
                    .doesNotContain("X-Mamori-Status: clean");
        }
    }

    @Test
    void withoutAddedHeadersACleanMessageIsRelayedExactlyAsSent() throws Exception {
        try (ProxyRuntime runtime = SessionHarness.runtime(dir, ScanPolicy.defaults(),
                new dev.mamori.core.config.SmtpHeaders(false, false));
             SessionHarness h = new SessionHarness(runtime)) {
            h.open(SessionHarness.listener("unit", ClientTls.NONE, UpstreamTls.NONE, false, false, false,
                    new SmtpRoute("up1", 25, 10)), new TestPolicy(), null);
            h.reply();
            h.cmd("HELO old.example");
            h.cmd("MAIL FROM:<s@example.net>");
            h.cmd("RCPT TO:<alice@example.com>");
            assertThat(h.cmd("DATA")).startsWith("354");
            String wire = TestMessages.stuffed(TestMessages.clean("exact"));
            h.send(wire);
            assertThat(h.reply()).startsWith("250 ");
            assertThat(new String(h.upstream("up1").messages.getFirst(), StandardCharsets.UTF_8))
                    .isEqualTo(wire.substring(0, wire.length() - 3));
        }
    }

    /**
     * A message of two 64 KiB chunks (the fake upstream takes 100000 bytes) with dot lines throughout, relayed from
     * memory or from disk.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void messageOfManyChunksIsRelayedIntactFromEitherSpool(boolean inMemory) throws Exception {
        try (ProxyRuntime runtime = SessionHarness.runtime(dir, ScanPolicy.defaults(),
                new dev.mamori.core.config.SmtpHeaders(false, false), DataSize.ofMiB(1),
                inMemory ? DataSize.ofMiB(1) : DataSize.ofKiB(1));
             SessionHarness h = new SessionHarness(runtime)) {
            h.open(SessionHarness.listener("unit", ClientTls.NONE, UpstreamTls.NONE, false, false, false,
                    new SmtpRoute("up1", 25, 10)), new TestPolicy(), null);
            h.reply();
            h.cmd("EHLO c.example");
            h.cmd("MAIL FROM:<s@example.net>");
            h.cmd("RCPT TO:<alice@example.com>");
            StringBuilder content = new StringBuilder("Subject: chunks\r\nMessage-ID: <chunks@example.net>\r\n\r\n");
            for (int n = 0; content.length() < 95_000; n++) {
                content.append(n % 3 == 0 ? "." : "").append("line ").append(n).append(' ').append("y".repeat(n % 90)).append("\r\n");
            }
            String wire = TestMessages.stuffed(content.toString());
            assertThat(h.cmd("DATA")).startsWith("354");
            for (int i = 0; i < wire.length(); i += 7000) {
                h.send(wire.substring(i, Math.min(wire.length(), i + 7000)));
            }
            assertThat(h.reply()).startsWith("250 ");
            assertThat(new String(h.upstream("up1").messages.getFirst(), StandardCharsets.UTF_8))
                    .isEqualTo(wire.substring(0, wire.length() - 3));
        }
    }
}
