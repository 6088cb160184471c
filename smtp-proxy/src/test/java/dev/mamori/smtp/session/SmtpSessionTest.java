package dev.mamori.smtp.session;

import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.SmtpListener;
import dev.mamori.core.config.SmtpRoute;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.core.metrics.TrafficSnapshot;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.core.runtime.ServiceControl;
import dev.mamori.core.scan.ScanService;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.policy.ScanPolicy;
import dev.mamori.smtp.TestMessages;
import dev.mamori.smtp.policy.PolicyReply;
import dev.mamori.smtp.policy.SmtpPolicy;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The session relay on an EmbeddedChannel against scripted upstreams: every reply mapping of issue 4. */
class SmtpSessionTest {
    @TempDir
    static Path dir;
    static ProxyRuntime runtime;

    SessionHarness h;
    final TestPolicy policy = new TestPolicy();

    @BeforeAll
    static void start() throws Exception {
        runtime = SessionHarness.runtime(dir, ScanPolicy.defaults());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @AfterEach
    void closeSession() {
        if (h != null) {
            h.close();
        }
        runtime.services().setEnabled(ServiceControl.Service.SMTP, true, "test");
    }

    private static SmtpListener plain() {
        return SessionHarness.listener("unit", ClientTls.NONE, UpstreamTls.NONE, false, false, false,
                new SmtpRoute("up1", 25, 10));
    }

    private SessionHarness open(SmtpListener l) {
        return open(l, null);
    }

    private SessionHarness open(SmtpListener l, ScanService scanner) {
        h = new SessionHarness(runtime).open(l, policy, scanner);
        return h;
    }

    /** Greeting, EHLO, MAIL and RCPT accepted. */
    private void envelope(String... rcpts) {
        assertThat(h.reply()).startsWith("220 mamori-test ESMTP");
        assertThat(h.cmd("EHLO client.example")).startsWith("250-");
        assertThat(h.cmd("MAIL FROM:<sender@example.net>")).startsWith("250 ");
        for (String r : rcpts) {
            assertThat(h.cmd("RCPT TO:<" + r + ">")).startsWith("250 ");
        }
    }

    private String sendMessage(String content) {
        assertThat(h.cmd("DATA")).isEqualTo("354 End data with <CR><LF>.<CR><LF>\r\n");
        h.send(TestMessages.stuffed(content));
        return h.reply();
    }

    @Test
    void ehloAnswerIsRewritten() {
        open(SessionHarness.listener("unit", ClientTls.STARTTLS, UpstreamTls.NONE, false, false, false,
                new SmtpRoute("up1", 25, 10)));
        assertThat(h.reply()).isEqualTo("220 mamori-test ESMTP Mamori\r\n");
        String ehlo = h.cmd("EHLO client.example");
        assertThat(ehlo).startsWith("250-mamori-test greets client.example\r\n")
                .contains("250-8BITMIME\r\n", "250-DSN\r\n", "250-SMTPUTF8\r\n", "250-ENHANCEDSTATUSCODES\r\n",
                        "SIZE 65536\r\n", "STARTTLS\r\n")
                .doesNotContain("PIPELINING", "CHUNKING", "BINARYMIME", "VRFY", "ETRN", "AUTH");
        FakeUpstream up = h.upstream("up1");
        assertThat(up.commands).containsExactly("EHLO mamori-test", "EHLO client.example");
    }

    @Test
    void sizeIsTheUpstreamsWhenSmaller() {
        open(plain());
        h.upstream("up1").ehlo = "250-fake\r\n250 SIZE 2000\r\n";
        h.reply();
        assertThat(h.cmd("EHLO c.example")).endsWith("250 SIZE 2000\r\n");
        assertThat(h.cmd("MAIL FROM:<a@example.net> SIZE=5000")).startsWith("552 5.3.4");
    }

    @Test
    void cleanMessageIsRelayedByteIdenticalAfterTheAddedHeaders() {
        open(plain());
        envelope("alice@example.com");
        FakeUpstream up = h.upstream("up1");
        String content = TestMessages.clean("clean one");
        assertThat(h.cmd("DATA")).startsWith("354 ");
        assertThat(up.count("DATA")).as("Mamori answers 354 itself").isZero();
        h.send(TestMessages.stuffed(content));
        assertThat(h.reply()).isEqualTo("250 2.0.0 Ok: queued as ABC123\r\n");
        byte[] wire = up.messages.getFirst();
        String delivered = new String(wire, StandardCharsets.UTF_8);
        String stuffedContent = TestMessages.stuffed(content);
        assertThat(delivered).endsWith(stuffedContent.substring(0, stuffedContent.length() - 3));
        String added = delivered.substring(0, delivered.length() - (stuffedContent.length() - 3));
        assertThat(added).startsWith("Received: from client.example ([127.0.0.1])\r\n\tby mamori-test (Mamori) with ESMTP id ")
                .contains("\tfor <alice@example.com>;").endsWith("X-Mamori-Status: clean\r\n");
        assertThat(policy.accepted).containsExactly("sender@example.net/1");
        // the session goes on
        assertThat(h.cmd("NOOP")).startsWith("250");
        // message tracking has the envelope
        runtime.store().flush();
        var tracked = runtime.store().queries().searchMessages(
                new dev.mamori.core.store.MessageSearch(null, null, null, null, null, "<clean-one@example.net>", 10));
        assertThat(tracked).hasSize(1);
        assertThat(tracked.getFirst().message().envelopeSender()).isEqualTo("sender@example.net");
        assertThat(tracked.getFirst().message().recipients()).containsExactly("alice@example.com");
        assertThat(tracked.getFirst().message().protocol()).isEqualTo("smtp");
    }

    @Test
    void largerMessageGoesThroughTheFileSpoolAndArrivesIntact() {
        open(plain());
        envelope("alice@example.com");
        StringBuilder content = new StringBuilder("Subject: large\r\nMessage-ID: <large@example.net>\r\n\r\n");
        int n = 0;
        while (content.length() < 60_000) {
            content.append(n % 7 == 0 ? "." : "").append("line ").append(n++).append(" ").append("z".repeat(60)).append("\r\n");
        }
        String wire = TestMessages.stuffed(content.toString());
        assertThat(h.cmd("DATA")).startsWith("354");
        for (int i = 0; i < wire.length(); i += 1000) { // in many small reads
            h.send(wire.substring(i, Math.min(wire.length(), i + 1000)));
        }
        assertThat(h.reply()).startsWith("250 ");
        String delivered = new String(h.upstream("up1").messages.getFirst(), StandardCharsets.UTF_8);
        assertThat(delivered).endsWith(wire.substring(0, wire.length() - 3));
        assertThat(delivered.length() - (wire.length() - 3)).isLessThan(400); // only the added fields
    }

    @Test
    void eachRecipientGetsTheUpstreamsOwnReplyAndPolicyRefusalsNeverReachIt() {
        open(plain());
        policy.refusedRecipient = "evil@example.org";
        FakeUpstream up = h.upstream("up1");
        up.overrides.put("RCPT TO:<NOBODY@", "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown\r\n");
        up.overrides.put("RCPT TO:<LATER@", "450 4.2.0 <later@example.com>: greylisted\r\n");
        envelope("alice@example.com");
        assertThat(h.cmd("RCPT TO:<nobody@example.com>"))
                .isEqualTo("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown\r\n");
        assertThat(h.cmd("RCPT TO:<later@example.com>")).isEqualTo("450 4.2.0 <later@example.com>: greylisted\r\n");
        assertThat(h.cmd("RCPT TO:<evil@example.org>")).isEqualTo("550 5.7.1 Relaying denied\r\n");
        assertThat(up.commands).noneMatch(c -> c.contains("evil"));
        assertThat(sendMessage(TestMessages.clean("one rcpt"))).startsWith("250 ");
        assertThat(policy.accepted).containsExactly("sender@example.net/1");
    }

    @Test
    void policyAtMailAndConnect() {
        policy.atMail = new PolicyReply(450, "4.7.1", "sender throttled");
        open(plain());
        h.reply();
        h.cmd("EHLO c.example");
        assertThat(h.cmd("MAIL FROM:<a@example.net>")).isEqualTo("450 4.7.1 sender throttled\r\n");
        assertThat(h.upstream("up1").count("MAIL")).isZero();
    }

    @Test
    void connectRefusalIsSentInsteadOfTheGreetingAndNoUpstreamIsOpened() {
        policy.atConnect = new PolicyReply(554, "5.7.1", "listed at dnsbl.example");
        open(plain());
        assertThat(h.reply()).isEqualTo("554 5.7.1 listed at dnsbl.example\r\n");
        h.awaitClosed();
        assertThat(h.upstreams).isEmpty();
    }

    @Test
    void tooManyRecipients() {
        open(plain());
        envelope("a@example.com", "b@example.com", "c@example.com");
        assertThat(h.cmd("RCPT TO:<d@example.com>")).isEqualTo("452 4.5.3 Too many recipients\r\n");
        assertThat(h.upstream("up1").count("RCPT")).isEqualTo(3);
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrderAndRelayedOneAtATime() {
        open(plain());
        h.reply();
        h.cmd("EHLO c.example");
        h.upstream("up1").overrides.put("RCPT TO:<B@", "550 5.1.1 no such user b\r\n");
        h.send("MAIL FROM:<s@example.net>\r\nRCPT TO:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\nNOOP\r\n");
        assertThat(h.reply()).startsWith("250 2.1.0");
        assertThat(h.reply()).startsWith("250 2.1.5");
        assertThat(h.reply()).isEqualTo("550 5.1.1 no such user b\r\n");
        assertThat(h.reply()).startsWith("250 2.1.5");
        assertThat(h.reply()).startsWith("250 2.0.0");
        assertThat(h.upstream("up1").maxBatch).as("never more than one command in flight upstream").isEqualTo(1);
    }

    @Test
    void eicarIsRefusedWith554NamingTheThreatAndTheUpstreamIsReset() {
        open(plain());
        envelope("alice@example.com");
        String reply = sendMessage(TestMessages.withEicar("infected"));
        assertThat(reply).startsWith("554 5.7.1 ").contains("Eicar-Test-Signature");
        FakeUpstream up = h.upstream("up1");
        assertThat(up.count("DATA")).isZero();
        assertThat(up.messages).isEmpty();
        assertThat(up.commands.getLast()).isEqualTo("RSET");
        assertThat(policy.accepted).isEmpty();
        assertThat(h.cmd("MAIL FROM:<again@example.net>")).startsWith("250");
    }

    @Test
    void scannerFailureIs451() {
        open(plain(), (m, c) -> CompletableFuture.completedFuture(new Verdict.ScanError("engine crashed")));
        envelope("alice@example.com");
        assertThat(sendMessage(TestMessages.clean("x"))).startsWith("451 4.7.0 ");
        assertThat(h.upstream("up1").messages).isEmpty();
        assertThat(h.upstream("up1").commands.getLast()).isEqualTo("RSET");
    }

    @Test
    void scannerTimeoutIs451AndTheUpstreamIsKeptAliveMeanwhile() {
        open(plain(), (m, c) -> new CompletableFuture<>()); // never answers
        envelope("alice@example.com");
        assertThat(h.cmd("DATA")).startsWith("354");
        h.send(TestMessages.stuffed(TestMessages.clean("slow")));
        FakeUpstream up = h.upstream("up1");
        long noops = up.count("NOOP");
        h.await(() -> {
            h.client.advanceTimeBy(SessionHarness.NOOP_INTERVAL.toMillis() + 1, TimeUnit.MILLISECONDS);
            return up.count("NOOP") > noops + 1;
        }, "NOOPs upstream");
        h.client.advanceTimeBy(SessionHarness.DATA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(h.reply()).startsWith("451 4.7.0 ").contains("timed out");
        assertThat(up.messages).isEmpty();
    }

    @Test
    void upstreamTransientAndPermanentFinalRepliesAreRelayed() {
        open(plain());
        FakeUpstream up = h.upstream("up1");
        up.finalReply = "452 4.3.1 Insufficient system storage\r\n";
        envelope("alice@example.com");
        assertThat(sendMessage(TestMessages.clean("a"))).isEqualTo("452 4.3.1 Insufficient system storage\r\n");
        up.finalReply = "554 5.7.1 Spam content rejected\r\n";
        h.cmd("MAIL FROM:<s@example.net>");
        h.cmd("RCPT TO:<alice@example.com>");
        assertThat(sendMessage(TestMessages.clean("b"))).isEqualTo("554 5.7.1 Spam content rejected\r\n");
        assertThat(policy.accepted).isEmpty();
    }

    @Test
    void upstreamRefusingDataIsRelayed() {
        open(plain());
        h.upstream("up1").overrides.put("DATA", "451 4.3.0 try later\r\n");
        envelope("alice@example.com");
        assertThat(sendMessage(TestMessages.clean("a"))).isEqualTo("451 4.3.0 try later\r\n");
    }

    @Test
    void upstreamDropBeforeTheFinalReplyIs4xxAndTheSessionEnds() {
        open(plain());
        FakeUpstream up = h.upstream("up1");
        up.answerData = false;
        envelope("alice@example.com");
        assertThat(h.cmd("DATA")).startsWith("354");
        h.send(TestMessages.stuffed(TestMessages.clean("dropped")));
        h.await(() -> !up.messages.isEmpty(), "the message upstream");
        up.ch.close();
        assertThat(h.reply()).startsWith("451 4.4.1 ");
        // the upstream is gone: the session ends right after the transaction's answer
        assertThat(h.reply()).startsWith("421 4.4.1 ");
        h.awaitClosed();
    }

    @Test
    void upstreamSilentAfterDataIs451WhenItsTimeIsUp() {
        open(plain());
        FakeUpstream up = h.upstream("up1");
        up.answerData = false;
        envelope("alice@example.com");
        assertThat(h.cmd("DATA")).startsWith("354");
        h.send(TestMessages.stuffed(TestMessages.clean("silent")));
        h.await(() -> !up.messages.isEmpty(), "the message upstream");
        up.ch.advanceTimeBy(10, TimeUnit.MINUTES);
        up.ch.runPendingTasks();
        assertThat(h.reply()).startsWith("451 4.4.2 ");
    }

    @Test
    void upstreamLostWhileIdleEndsTheSessionWith421() {
        open(plain());
        h.reply();
        h.cmd("EHLO c.example");
        h.upstream("up1").ch.close();
        assertThat(h.reply()).startsWith("421 4.4.1 ");
        h.awaitClosed();
    }

    @Test
    void oversizedMessageIsDrainedAndRefusedWith552() {
        open(plain());
        envelope("alice@example.com");
        StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
        while (big.length() < 70_000) {
            big.append("y".repeat(98)).append("\r\n");
        }
        assertThat(sendMessage(big.toString())).startsWith("552 5.3.4 ");
        assertThat(h.upstream("up1").messages).isEmpty();
        assertThat(h.cmd("NOOP")).startsWith("250");
    }

    @Test
    void bareLineFeedInTheMessageIsRefused() {
        open(plain());
        envelope("alice@example.com");
        assertThat(h.cmd("DATA")).startsWith("354");
        h.send("Subject: x\r\n\r\nsmuggle\n.\nMAIL FROM:<x@example.net>\r\n.\r\n");
        assertThat(h.reply()).startsWith("550 5.6.11 ");
        assertThat(h.upstream("up1").messages).isEmpty();
        assertThat(h.upstream("up1").commands).noneMatch(c -> c.contains("x@example.net"));
    }

    @Test
    void overlongCommandAndNulAreRefusedAndTheSessionContinues() {
        open(plain());
        h.reply();
        assertThat(h.cmd("EHLO " + "a".repeat(600))).isEqualTo("500 5.5.2 Line too long\r\n");
        assertThat(h.cmd("NOOP\0")).startsWith("500 5.5.2 ");
        assertThat(h.cmd("NOOP")).startsWith("250");
    }

    @Test
    void serviceSwitchedOffRefusesNewSessions() {
        runtime.services().setEnabled(ServiceControl.Service.SMTP, false, "test");
        open(plain());
        assertThat(h.reply()).isEqualTo("421 4.3.2 SMTP service disabled by the administrator\r\n");
        h.awaitClosed();
        assertThat(h.upstreams).isEmpty();
    }

    @Test
    void vrfyXclientAndBdatAreAnsweredByMamori() {
        open(plain());
        h.reply();
        h.cmd("EHLO c.example");
        assertThat(h.cmd("VRFY alice")).startsWith("252 2.5.2");
        assertThat(h.cmd("XCLIENT ADDR=1.2.3.4")).startsWith("550 5.7.0");
        assertThat(h.cmd("BDAT 10 LAST")).startsWith("502 5.5.1");
        assertThat(h.upstream("up1").commands).containsExactly("EHLO mamori-test", "EHLO c.example");
    }

    @Test
    void xclientAndXforwardAreSentWhenOfferedAndConfigured() {
        open(SessionHarness.listener("unit", ClientTls.NONE, UpstreamTls.NONE, false, true, true,
                new SmtpRoute("up1", 25, 10)));
        FakeUpstream up = h.upstream("up1");
        up.ehlo = "250-fake\r\n250-XCLIENT NAME ADDR PROTO HELO\r\n250 XFORWARD NAME ADDR PROTO HELO\r\n";
        h.reply();
        h.cmd("EHLO c.example");
        h.cmd("MAIL FROM:<s@example.net>");
        assertThat(up.commands).containsExactly("EHLO mamori-test", "XCLIENT ADDR=127.0.0.1 NAME=[UNAVAILABLE] HELO=c.example",
                "EHLO c.example", "XFORWARD ADDR=127.0.0.1 NAME=[UNAVAILABLE] PROTO=ESMTP HELO=c.example",
                "MAIL FROM:<s@example.net>");
    }

    @Test
    void authPlainIsRelayedRememberedAndNeverLogged() {
        String secret = "correct-horse-battery";
        String b64 = Base64.getEncoder().encodeToString(("\0bob\0" + secret).getBytes(StandardCharsets.UTF_8));
        try (LogCapture logs = new LogCapture()) {
            open(plain());
            FakeUpstream up = h.upstream("up1");
            up.ehlo = "250-fake\r\n250-AUTH PLAIN LOGIN CRAM-MD5\r\n250 8BITMIME\r\n";
            up.overrides.put("AUTH PLAIN", "235 2.7.0 Authentication successful\r\n");
            h.reply();
            assertThat(h.cmd("EHLO c.example")).contains("AUTH PLAIN LOGIN\r\n");
            assertThat(h.cmd("AUTH PLAIN " + b64)).isEqualTo("235 2.7.0 Authentication successful\r\n");
            assertThat(up.commands).contains("AUTH PLAIN " + b64);
            h.cmd("MAIL FROM:<bob@example.net>");
            h.cmd("RCPT TO:<alice@example.com>");
            assertThat(policy.rcptFacts.getLast().authUser()).isEqualTo("bob");
            assertThat(logs.all()).contains("authenticated").contains("bob").doesNotContain(b64).doesNotContain(secret);
        }
    }

    @Test
    void authLoginChallengesAreRelayedStepByStep() {
        String user = Base64.getEncoder().encodeToString("carol".getBytes(StandardCharsets.UTF_8));
        String pass = Base64.getEncoder().encodeToString("s3cret-pass".getBytes(StandardCharsets.UTF_8));
        try (LogCapture logs = new LogCapture()) {
            open(plain());
            FakeUpstream up = h.upstream("up1");
            up.ehlo = "250-fake\r\n250 AUTH LOGIN\r\n";
            up.overrides.put("AUTH LOGIN", "334 VXNlcm5hbWU6\r\n");
            up.overrides.put(user.toUpperCase(), "334 UGFzc3dvcmQ6\r\n");
            up.overrides.put(pass.toUpperCase(), "235 2.7.0 ok\r\n");
            h.reply();
            h.cmd("EHLO c.example");
            assertThat(h.cmd("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6\r\n");
            assertThat(h.cmd(user)).isEqualTo("334 UGFzc3dvcmQ6\r\n");
            assertThat(h.cmd(pass)).isEqualTo("235 2.7.0 ok\r\n");
            assertThat(logs.all()).contains("carol").doesNotContain(pass).doesNotContain("s3cret-pass");
        }
    }

    @Test
    void authIsNotOfferedOverPlainTextClientHops() {
        open(SessionHarness.listener("unit", ClientTls.STARTTLS, UpstreamTls.NONE, false, false, false,
                new SmtpRoute("up1", 25, 10)));
        h.upstream("up1").ehlo = "250-fake\r\n250 AUTH PLAIN LOGIN\r\n";
        h.reply();
        assertThat(h.cmd("EHLO c.example")).doesNotContain("AUTH");
        assertThat(h.cmd("AUTH PLAIN AGJvYgBwdw==")).startsWith("502 5.5.1");
        assertThat(h.upstream("up1").count("AUTH")).isZero();
    }

    @Test
    void routesFailOverOnConnectFailureAnd421Greeting() {
        open(SessionHarness.listener("unit", ClientTls.NONE, UpstreamTls.NONE, false, false, false,
                new SmtpRoute("down", 25, 5), new SmtpRoute("busy", 25, 10), new SmtpRoute("good", 25, 20)));
        h.refusing.add("down");
        h.upstream("busy").greeting = "421 4.3.2 busy, try later\r\n";
        assertThat(h.reply()).startsWith("220 mamori-test");
        h.cmd("EHLO c.example");
        assertThat(h.upstream("good").commands).contains("EHLO c.example");
        assertThat(h.upstream("busy").commands).isEmpty();
    }

    @Test
    void noUsableRouteIs421() {
        open(SessionHarness.listener("unit", ClientTls.NONE, UpstreamTls.NONE, false, false, false,
                new SmtpRoute("down", 25, 5), new SmtpRoute("busy", 25, 10)));
        h.refusing.add("down");
        h.upstream("busy").greeting = "421 4.3.2 busy\r\n";
        assertThat(h.reply()).startsWith("421 4.4.1 ");
        h.awaitClosed();
    }

    @Test
    void requiredUpstreamTlsNotOfferedIs421AndNothingIsSentInClear() {
        open(SessionHarness.listener("unit", ClientTls.NONE, UpstreamTls.REQUIRED, false, false, false,
                new SmtpRoute("up1", 25, 10)));
        assertThat(h.reply()).startsWith("421 4.7.0 ");
        h.awaitClosed();
        assertThat(h.upstream("up1").commands).containsExactly("EHLO mamori-test");
    }

    @Test
    void proxyProtocolV1GivesTheOriginalClientAddress() {
        SmtpListener l = SessionHarness.listener("unit", ClientTls.NONE, UpstreamTls.NONE, true, false, false,
                new SmtpRoute("up1", 25, 10));
        h = new SessionHarness(runtime).open(l, policy, null, new HAProxyMessageDecoder());
        h.send("PROXY TCP4 192.0.2.10 192.0.2.1 40000 25\r\n");
        assertThat(h.reply()).startsWith("220 ");
        assertThat(policy.connects.getFirst().address().getAddress().getHostAddress()).isEqualTo("192.0.2.10");
        assertThat(policy.connects.getFirst().address().getPort()).isEqualTo(40000);
    }

    @Test
    void proxyProtocolV2GivesTheOriginalClientAddress() {
        SmtpListener l = SessionHarness.listener("unit", ClientTls.NONE, UpstreamTls.NONE, true, true, false,
                new SmtpRoute("up1", 25, 10));
        h = new SessionHarness(runtime).open(l, policy, null, new HAProxyMessageDecoder());
        h.upstream("up1").ehlo = "250-fake\r\n250 XCLIENT ADDR HELO\r\n";
        byte[] header = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
                0x21, 0x11, 0x00, 0x0C, (byte) 198, 51, 100, 7, (byte) 192, 0, 2, 1, (byte) 0x9c, 0x40, 0x00, 0x19};
        h.sendBytes(header);
        assertThat(h.reply()).startsWith("220 ");
        assertThat(policy.connects.getFirst().address().getAddress().getHostAddress()).isEqualTo("198.51.100.7");
        h.cmd("EHLO c.example");
        assertThat(h.upstream("up1").commands).contains("XCLIENT ADDR=198.51.100.7 HELO=c.example");
    }

    @Test
    void proxyProtocolV2LocalKeepsTheConnectionsAddress() {
        SmtpListener l = SessionHarness.listener("unit", ClientTls.NONE, UpstreamTls.NONE, true, false, false,
                new SmtpRoute("up1", 25, 10));
        h = new SessionHarness(runtime).open(l, policy, null, new HAProxyMessageDecoder());
        byte[] local = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00};
        h.sendBytes(local);
        assertThat(h.reply()).startsWith("220 ");
        assertThat(policy.connects.getFirst().address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void missingProxyHeaderEndsTheConnection() {
        SmtpListener l = SessionHarness.listener("unit", ClientTls.NONE, UpstreamTls.NONE, true, false, false,
                new SmtpRoute("up1", 25, 10));
        h = new SessionHarness(runtime).open(l, policy, null, new HAProxyMessageDecoder());
        h.send("EHLO c.example\r\n");
        h.awaitClosed();
        assertThat(policy.connects).isEmpty();
    }

    @Test
    void idleClientTimesOutWith421() {
        open(plain());
        h.reply();
        h.client.advanceTimeBy(5, TimeUnit.MINUTES);
        assertThat(h.reply()).startsWith("421 4.4.2 ");
        h.awaitClosed();
    }

    @Test
    void upstream421IsRelayedAndEndsTheSession() {
        open(plain());
        h.upstream("up1").overrides.put("RCPT", "421 4.3.2 shutting down\r\n");
        h.reply();
        h.cmd("EHLO c.example");
        h.cmd("MAIL FROM:<s@example.net>");
        assertThat(h.cmd("RCPT TO:<a@example.com>")).isEqualTo("421 4.3.2 shutting down\r\n");
        h.awaitClosed();
    }

    @Test
    void clientSilentDuringDataTimesOutWith421() {
        open(plain());
        envelope("alice@example.com");
        assertThat(h.cmd("DATA")).startsWith("354");
        h.send("Subject: half\r\n");
        h.client.advanceTimeBy(SessionHarness.DATA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(h.reply()).startsWith("421 4.4.2 ");
        h.awaitClosed();
        assertThat(h.upstream("up1").messages).isEmpty();
    }

    @Test
    void acceptedMessageIsLoggedWithMessageIdAndQueueIdAndThreatsAreCounted() {
        try (LogCapture logs = new LogCapture()) {
            long detections = smtpStats().detections();
            open(plain());
            envelope("alice@example.com");
            assertThat(sendMessage(TestMessages.clean("logged"))).startsWith("250 ");
            assertThat(logs.all()).containsPattern("Message-ID <logged@example.net> .* accepted by up1:25 queue id ABC123");
            h.cmd("MAIL FROM:<s@example.net>");
            h.cmd("RCPT TO:<alice@example.com>");
            assertThat(sendMessage(TestMessages.withEicar("counted"))).startsWith("554 5.7.1");
            assertThat(smtpStats().detections()).isEqualTo(detections + 1);
        }
    }

    @Test
    void sequenceErrorsAreMamorisOwn() {
        open(plain());
        h.reply();
        assertThat(h.cmd("MAIL FROM:<a@example.net>")).startsWith("503 5.5.1");
        h.cmd("EHLO c.example");
        assertThat(h.cmd("RCPT TO:<a@example.com>")).startsWith("503 5.5.1");
        assertThat(h.cmd("DATA")).startsWith("503 5.5.1");
        h.cmd("MAIL FROM:<a@example.net>");
        assertThat(h.cmd("DATA")).startsWith("554 5.5.1");
        assertThat(h.cmd("MAIL FROM:<b@example.net>")).startsWith("503 5.5.1");
        assertThat(h.cmd("RSET")).startsWith("250");
        assertThat(h.cmd("QUIT")).startsWith("221 2.0.0");
        h.awaitClosed();
        assertThat(h.upstream("up1").commands).contains("QUIT");
        assertThat(policy.disconnects).hasSize(1);
    }

    @Test
    void trafficIsCounted() {
        long before = smtpStats().messages();
        long bytesBefore = smtpStats().bytesClientToUpstream();
        open(plain());
        envelope("alice@example.com");
        sendMessage(TestMessages.clean("counted"));
        h.cmd("QUIT");
        h.awaitClosed();
        assertThat(smtpStats().messages()).isEqualTo(before + 1);
        assertThat(smtpStats().bytesClientToUpstream()).isGreaterThan(bytesBefore + 300);
        assertThat(smtpStats().bytesUpstreamToClient()).isPositive();
    }

    private static dev.mamori.core.metrics.ListenerStats smtpStats() {
        TrafficSnapshot s = runtime.traffic().snapshot();
        return s.listeners().stream().filter(l -> l.protocol().equals("smtp") && l.listener().equals("unit"))
                .findFirst().orElse(new dev.mamori.core.metrics.ListenerStats("smtp", "unit", 0, 0, 0, 0, java.util.Map.of(), 0, 0));
    }
}
