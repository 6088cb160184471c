package dev.mamori.core.scan.action;

import dev.mamori.core.quarantine.Quarantine;
import dev.mamori.core.scan.MessageSource;
import dev.mamori.core.scan.ScanContext;
import dev.mamori.core.scan.ScanSummary;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.content.ContentPath;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;
import dev.mamori.core.scan.policy.PolicyEngine;
import dev.mamori.core.scan.policy.ScanPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the policy does with the original: never a replacement without a durable quarantine copy. */
class MessageDisposerTest {
    private static final byte[] MESSAGE = ("From: a@example.net\r\nSubject: =?UTF-8?Q?Rechnung_=C3=BC?=\r\n"
            + "Message-ID: <m1@example.net>\r\nContent-Type: text/plain\r\n\r\nbody line\r\n.dot line\r\n").getBytes(StandardCharsets.ISO_8859_1);
    private static final MessageSource SOURCE = new MessageSource() {
        @Override
        public InputStream openStream() {
            return new ByteArrayInputStream(MESSAGE);
        }

        @Override
        public long size() {
            return MESSAGE.length;
        }
    };
    private static final ScanContext CONTEXT = new ScanContext("pop3", "generic", new InetSocketAddress("127.0.0.1", 4000),
            "alice", "pop.example.net:995", "1");
    private static final ScanSummary SUMMARY = new ScanSummary(MESSAGE.length, "ab".repeat(32), Duration.ZERO);
    private static final Verdict.Scanned INFECTED = new Verdict.Scanned(SUMMARY, List.of(new Detection(ThreatCategory.VIRUS,
            "Test.Virus", "signatures", ContentPath.message().part("1", null), "")), List.of());

    @TempDir
    Path dir;

    private MessageDisposer disposer(ScanPolicy policy) throws Exception {
        return new MessageDisposer(new PolicyEngine(policy), new Quarantine(dir.resolve("q"), Clock.systemUTC()));
    }

    @Test
    void cleanMailIsDeliveredAsItIs() throws Exception {
        assertThat(disposer(ScanPolicy.defaults()).dispose(SOURCE, Verdict.Scanned.clean(SUMMARY), CONTEXT))
                .isInstanceOf(Outcome.DeliverOriginal.class);
    }

    @Test
    void aDetectionIsPublishedToTheLiveFeedWithWhatWasDoneAndCleanMailIsNot() throws Exception {
        java.util.concurrent.BlockingQueue<dev.mamori.core.events.MamoriEvent> seen =
                new java.util.concurrent.LinkedBlockingQueue<>();
        try (dev.mamori.core.events.EventHub hub = new dev.mamori.core.events.EventHub()) {
            hub.subscribe(seen::add);
            MessageDisposer disposer = new MessageDisposer(new PolicyEngine(ScanPolicy.defaults()),
                    new Quarantine(dir.resolve("q"), Clock.systemUTC()), null, hub);
            disposer.dispose(SOURCE, Verdict.Scanned.clean(SUMMARY), CONTEXT);
            Outcome.DeliverModified m = (Outcome.DeliverModified) disposer.dispose(SOURCE, INFECTED, CONTEXT);
            var event = (dev.mamori.core.events.MamoriEvent.Detection)
                    seen.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.threats()).containsExactly("Test.Virus");
            assertThat(event.categories()).containsExactly("virus");
            assertThat(event.action()).isEqualTo("replace,quarantine");
            assertThat(event.quarantineId()).isEqualTo(m.quarantineId());
            assertThat(event.subject()).isEqualTo("Rechnung \u00fc");
            assertThat(event.messageId()).isEqualTo("<m1@example.net>");
            assertThat(event.account()).isEqualTo("alice");
            assertThat(event.client()).isEqualTo("127.0.0.1");
            assertThat(seen.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aVirusIsQuarantinedThenReplacedByANoticeWithTheOriginalHeaders() throws Exception {
        Outcome o = disposer(ScanPolicy.defaults()).dispose(SOURCE, INFECTED, CONTEXT);
        assertThat(o).isInstanceOf(Outcome.DeliverModified.class);
        Outcome.DeliverModified m = (Outcome.DeliverModified) o;
        try (InputStream in = new Quarantine(dir.resolve("q"), Clock.systemUTC()).open(m.quarantineId())) {
            assertThat(in.readAllBytes()).isEqualTo(MESSAGE);
        }
        String notice;
        try (InputStream in = m.message().openStream()) {
            notice = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertThat(notice.length()).isEqualTo((int) m.message().size());
        assertThat(notice).contains("Subject: [Mamori: virus] =?UTF-8?Q?Rechnung_=C3=BC?=\r\n", "Message-ID: <m1@example.net>\r\n",
                "X-Mamori-Quarantine-Id: " + m.quarantineId()).doesNotContain("body line");
        assertThat(new Quarantine(dir.resolve("q"), Clock.systemUTC()).get(m.quarantineId())).get()
                .satisfies(e -> assertThat(e.subject()).isEqualTo("Rechnung \u00fc"));
    }

    @Test
    void whenTheQuarantineCannotBeWrittenNothingIsDeliveredAndTheMessageStaysOnTheServer() throws Exception {
        MessageDisposer d = disposer(ScanPolicy.defaults());
        // the quarantine directory disappears and a file takes its place (a failed disk, a careless clean-up)
        Path q = dir.resolve("q");
        Files.delete(q);
        Files.writeString(q, "not a directory");
        assertThat(d.dispose(SOURCE, INFECTED, CONTEXT)).isInstanceOf(Outcome.TempFail.class);
    }

    @Test
    void aScannerFailureIsTemporaryUnlessFailOpenWasChosen() throws Exception {
        Verdict.ScanError error = new Verdict.ScanError("scanner failed: IOException");
        assertThat(disposer(ScanPolicy.defaults()).dispose(SOURCE, error, CONTEXT)).isInstanceOf(Outcome.TempFail.class);

        ScanPolicy failOpen = new ScanPolicy(null, null, null, null, null, null, null, ScanPolicy.ScanFailure.DELIVER_TAGGED, null);
        Outcome o = disposer(failOpen).dispose(SOURCE, error, CONTEXT);
        assertThat(o).isInstanceOf(Outcome.DeliverModified.class);
        try (InputStream in = ((Outcome.DeliverModified) o).message().openStream()) {
            String tagged = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(tagged).startsWith("X-Mamori-Status: tagged\r\n").contains("not scanned: scanner failed")
                    .endsWith("\r\n\r\nbody line\r\n.dot line\r\n"); // the body untouched
        }
    }
}
