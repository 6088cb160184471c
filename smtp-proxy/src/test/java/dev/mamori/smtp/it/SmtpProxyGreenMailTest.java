package dev.mamori.smtp.it;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.UpstreamTls;
import dev.mamori.smtp.TestMessages;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Mamori's SMTP proxy in front of GreenMail, driven by a raw socket client and by Jakarta Mail. */
class SmtpProxyGreenMailTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dataDir;

    private SmtpHarness mamori() throws Exception {
        return new SmtpHarness(dataDir, List.of(), SmtpHarness.listener(ClientTls.NONE, UpstreamTls.NONE,
                greenMail.getSmtp().getPort()));
    }

    private static String send(RawSmtpClient c, String content) throws Exception {
        assertThat(c.reply()).startsWith("220 ");
        assertThat(c.cmd("EHLO it.example")).startsWith("250-");
        assertThat(c.cmd("MAIL FROM:<sender@example.net>")).startsWith("250");
        assertThat(c.cmd("RCPT TO:<alice@example.com>")).startsWith("250");
        assertThat(c.cmd("DATA")).startsWith("354");
        c.send(TestMessages.stuffed(content));
        return c.reply();
    }

    @Test
    void cleanMessageIsDeliveredByteIdenticalApartFromTheAddedHeaders() throws Exception {
        String content = TestMessages.clean("it clean");
        try (SmtpHarness h = mamori(); RawSmtpClient c = new RawSmtpClient(h.address())) {
            assertThat(send(c, content)).startsWith("250 ");
            assertThat(c.cmd("QUIT")).startsWith("221");
        }
        assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage[] got = greenMail.getReceivedMessages();
        assertThat(got).hasSize(1);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        got[0].writeTo(raw);
        byte[] delivered = raw.toByteArray();
        // GreenMail stores the content without the CRLF before the terminating dot (SmtpProxyTlsTest checks the exact
        // wire bytes an upstream receives, that CRLF included)
        byte[] original = content.substring(0, content.length() - 2).getBytes(StandardCharsets.UTF_8);
        assertThat(delivered.length).isGreaterThan(original.length);
        byte[] tail = Arrays.copyOfRange(delivered, delivered.length - original.length, delivered.length);
        assertThat(tail).as("the original bytes, unchanged, at the end").isEqualTo(original);
        String added = new String(delivered, 0, delivered.length - original.length, StandardCharsets.UTF_8);
        Set<String> names = added.lines().filter(l -> !l.startsWith("\t") && !l.startsWith(" "))
                .map(l -> l.substring(0, l.indexOf(':'))).collect(Collectors.toSet());
        assertThat(names).as("only trace and scan fields were added").isSubsetOf(Set.of("Received", "X-Mamori-Status", "Return-Path"));
        assertThat(added).contains("by mamori-it (Mamori) with ESMTP id ", "X-Mamori-Status: clean\r\n");
    }

    @Test
    void eicarIsRefusedWith554AndNotDelivered() throws Exception {
        try (SmtpHarness h = mamori(); RawSmtpClient c = new RawSmtpClient(h.address())) {
            String reply = send(c, TestMessages.withEicar("it infected"));
            assertThat(reply).startsWith("554 5.7.1 ").contains("Eicar-Test-Signature");
            // the session goes on, and a clean message after it is delivered
            assertThat(c.cmd("MAIL FROM:<sender@example.net>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<alice@example.com>")).startsWith("250");
            assertThat(c.cmd("DATA")).startsWith("354");
            c.send(TestMessages.stuffed(TestMessages.clean("after the virus")));
            assertThat(c.reply()).startsWith("250 ");
        }
        assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage[] got = greenMail.getReceivedMessages();
        assertThat(got).hasSize(1);
        assertThat(got[0].getSubject()).isEqualTo("after the virus");
    }

    @Test
    void eicarLateInABigMessageIsFoundByTheScanThatRanDuringTheUpload() throws Exception {
        byte[] filler = new byte[3_000_000];
        new java.util.Random(1).nextBytes(filler);
        String eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!" + "$H+H*";
        String content = "From: sender@example.net\r\nTo: alice@example.com\r\nSubject: big late threat\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: application/octet-stream; name=\"data.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder(76, "\r\n".getBytes()).encodeToString(filler) + "\r\n"
                + "--b\r\nContent-Type: application/octet-stream; name=\"eicar.bin\"\r\n\r\n" + eicar + "\r\n--b--\r\n";
        try (SmtpHarness h = mamori(); RawSmtpClient c = new RawSmtpClient(h.address())) {
            assertThat(send(c, content)).startsWith("554 5.7.1 ").contains("Eicar-Test-Signature");
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aClientLeavingDuringDataEndsTheScanThatWaitsForTheRest() throws Exception {
        try (SmtpHarness h = mamori()) {
            java.util.concurrent.ThreadPoolExecutor pool = (java.util.concurrent.ThreadPoolExecutor) h.runtime.scanExecutor();
            try (RawSmtpClient c = new RawSmtpClient(h.address())) {
                assertThat(c.reply()).startsWith("220 ");
                assertThat(c.cmd("EHLO it.example")).startsWith("250-");
                assertThat(c.cmd("MAIL FROM:<sender@example.net>")).startsWith("250");
                assertThat(c.cmd("RCPT TO:<alice@example.com>")).startsWith("250");
                assertThat(c.cmd("DATA")).startsWith("354");
                c.send("Subject: half\r\n\r\n" + "some text of a message\r\n".repeat(20_000));
                awaitActiveScans(pool, true); // scanning what arrived, waiting for the rest
            }
            awaitActiveScans(pool, false); // the client is gone: the scan ended and freed its thread
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    private static void awaitActiveScans(java.util.concurrent.ThreadPoolExecutor pool, boolean some) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while ((pool.getActiveCount() > 0) != some) {
            assertThat(System.nanoTime() < deadline).as("active scan threads: %d", pool.getActiveCount()).isTrue();
            Thread.sleep(5);
        }
    }

    @Test
    void upstreamDownIs421() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (SmtpHarness h = new SmtpHarness(dataDir, List.of(),
                SmtpHarness.listener(ClientTls.NONE, UpstreamTls.NONE, closedPort));
             RawSmtpClient c = new RawSmtpClient(h.address())) {
            assertThat(c.reply()).startsWith("421 4.4.1 ");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void failoverToTheSecondRouteWhenTheFirstIsDown() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        dev.mamori.core.config.SmtpListener l = new dev.mamori.core.config.SmtpListener("it",
                dev.mamori.core.net.HostPort.parse("127.0.0.1:0"), ClientTls.NONE, false,
                List.of(new dev.mamori.core.config.SmtpRoute("127.0.0.1", closedPort, 1),
                        new dev.mamori.core.config.SmtpRoute("127.0.0.1", greenMail.getSmtp().getPort(), 2)),
                UpstreamTls.NONE, false, false, List.of());
        try (SmtpHarness h = new SmtpHarness(dataDir, List.of(), l); RawSmtpClient c = new RawSmtpClient(h.address())) {
            assertThat(send(c, TestMessages.clean("failover"))).startsWith("250 ");
        }
        assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();
    }

    @Test
    void fiftyMessagesFromFiveParallelClientsAreDeliveredExactlyOnce() throws Exception {
        try (SmtpHarness h = mamori()) {
            Properties p = new Properties();
            p.put("mail.smtp.host", "127.0.0.1");
            p.put("mail.smtp.port", String.valueOf(h.address().getPort()));
            p.put("mail.smtp.connectiontimeout", "30000");
            p.put("mail.smtp.timeout", "120000");
            Session session = Session.getInstance(p);
            ExecutorService clients = Executors.newFixedThreadPool(5);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                int client = t;
                done.add(clients.submit(() -> {
                    try (Transport transport = session.getTransport("smtp")) {
                        transport.connect();
                        for (int i = 0; i < 10; i++) {
                            MimeMessage m = new MimeMessage(session);
                            m.setFrom(new InternetAddress("client" + client + "@example.net"));
                            m.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.com"));
                            m.setSubject("parallel " + client + "-" + i);
                            m.setText("message " + i + " of client " + client + "\n");
                            m.saveChanges();
                            transport.sendMessage(m, m.getAllRecipients());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            clients.shutdown();
        }
        assertThat(greenMail.waitForIncomingEmail(60_000, 50)).isTrue();
        MimeMessage[] got = greenMail.getReceivedMessages();
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : got) {
            subjects.add(m.getSubject());
        }
        assertThat(subjects).hasSize(50).doesNotHaveDuplicates();
    }
}
