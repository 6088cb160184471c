package dev.mamori.pop3.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.DataSize;
import dev.mamori.core.config.Pop3Limits;
import dev.mamori.core.config.UpstreamTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RETR with the scan running while the message arrives from the upstream: big messages (file spool) and small ones
 * (memory) are delivered byte-identical after the verdict, a threat late in a big message is still found, and a
 * message that stops arriving (upstream gone, size limit) ends its scan: no scan thread is left waiting.
 */
@Timeout(120)
class Pop3ProxyStreamingScanTest {
    @TempDir
    Path dataDir;
    private GreenMail greenMail;
    private ProxyHarness mamori;

    @AfterEach
    void stop() {
        if (mamori != null) {
            mamori.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private int startGreenMail(String... messages) {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort());
        greenMail.start();
        var alice = greenMail.setUser("alice@example.com", "alice", "pw");
        for (String m : messages) {
            alice.deliver(GreenMailUtil.newMimeMessage(m));
        }
        return greenMail.getPop3().getPort();
    }

    @Test
    void bigAndSmallCleanMessagesArriveByteIdentical() throws Exception {
        String big = multipart("big clean", part("data.bin", random(6_000_000, 1)), part("notes.bin", random(500_000, 2)));
        String small = TestCorpus.withAttachment("small clean", "report.txt", "text/plain", "figures\r\n".repeat(500).getBytes());
        int port = startGreenMail(big, small);
        mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE).allowLoopback(port + "", UpstreamTls.NONE).start();

        byte[][] direct = retrieve(new InetSocketAddress("127.0.0.1", port), "alice", 2);
        byte[][] via = retrieve(mamori.address(0), "alice#127.0.0.1:" + port, 2);
        assertThat(direct[0].length).as("the big one goes through the file spool").isGreaterThan(4 << 20);
        assertThat(via[0]).isEqualTo(direct[0]);
        assertThat(via[1]).isEqualTo(direct[1]);
        awaitScanThreads(active -> active == 0);
    }

    @Test
    void eicarInTheLastPartOfABigMessageIsFound() throws Exception {
        String big = multipart("late threat", part("data.bin", random(5_000_000, 3)), part("more.bin", random(3_000_000, 4)),
                part("eicar.com", TestCorpus.eicar()));
        int port = startGreenMail(big);
        mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE).allowLoopback(port + "", UpstreamTls.NONE).start();

        String via = new String(retrieve(mamori.address(0), "alice#127.0.0.1:" + port, 1)[0], StandardCharsets.ISO_8859_1);
        assertThat(via).contains("X-Mamori-Status: replaced", "Eicar-Test-Signature").doesNotContain("EICAR-STANDARD");
        assertThat(via.replace("\r\n ", " ")).contains("X-Mamori-Threat: Eicar-Test-Signature in message > part 4 > eicar.com (body signature)");
        assertThat(mamori.runtime.quarantine().list()).hasSize(1);
    }

    @Test
    void anUpstreamDroppingMidMessageEndsTheScanAndGivesATemporaryError() throws Exception {
        String head = "+OK 2000000 octets\r\nSubject: x\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + base64Lines(300_000);
        try (ScriptedPop3Server up = new ScriptedPop3Server("+OK ready", line -> switch (line.split(" ")[0]) {
            case "CAPA" -> "+OK\r\nUSER\r\n.\r\n";
            case "RETR" -> ScriptedPop3Server.CLOSE_AFTER + head + ScriptedPop3Server.PAUSE + base64Lines(1000);
            default -> "+OK\r\n";
        })) {
            mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE).allowLoopback(up.port() + "", UpstreamTls.NONE).start();
            try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
                c.command("USER alice#127.0.0.1:" + up.port());
                c.command("PASS pw");
                c.sendRaw("RETR 1\r\n");
                assertThat(up.paused.await(30, TimeUnit.SECONDS)).isTrue();
                // the scan started with the first bytes and now waits for the rest of the message
                awaitScanThreads(active -> active >= 1);
                up.resume.countDown(); // a little more, then the upstream closes the connection
                assertThat(c.line()).startsWith("-ERR [SYS/TEMP]").contains("stays on the server");
            }
            awaitScanThreads(active -> active == 0);
        }
    }

    @Test
    void aMessageOverTheSizeLimitEndsItsScan() throws Exception {
        String head = "+OK 900000 octets\r\nSubject: x\r\n\r\n" + "line of text\r\n".repeat(5_000);
        String rest = "line of text\r\n".repeat(60_000) + ".\r\n";
        try (ScriptedPop3Server up = new ScriptedPop3Server("+OK ready", line -> switch (line.split(" ")[0]) {
            case "CAPA" -> "+OK\r\nUSER\r\n.\r\n";
            case "RETR" -> head + ScriptedPop3Server.PAUSE + rest;
            default -> "+OK\r\n";
        })) {
            mamori = ProxyHarness.builder(dataDir).generic(ClientTls.NONE).allowLoopback(up.port() + "", UpstreamTls.NONE)
                    .limits(new Pop3Limits(null, null, null, null, null, DataSize.ofKiB(256))).start();
            try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
                c.command("USER alice#127.0.0.1:" + up.port());
                c.command("PASS pw");
                c.sendRaw("RETR 1\r\n");
                assertThat(up.paused.await(30, TimeUnit.SECONDS)).isTrue();
                awaitScanThreads(active -> active >= 1);
                up.resume.countDown();
                assertThat(c.line()).startsWith("-ERR [SYS/PERM]").contains("scanning limit");
                awaitScanThreads(active -> active == 0);
                assertThat(c.command("NOOP")).as("the session goes on").startsWith("+OK");
            }
        }
    }

    private void awaitScanThreads(IntPredicate wanted) throws InterruptedException {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) mamori.runtime.scanExecutor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!wanted.test(pool.getActiveCount())) {
            assertThat(System.nanoTime() < deadline).as("scan threads busy: %d", pool.getActiveCount()).isTrue();
            Thread.sleep(5);
        }
    }

    private static byte[][] retrieve(InetSocketAddress at, String user, int count) throws IOException {
        byte[][] out = new byte[count][];
        try (RawPop3Client c = new RawPop3Client(at)) {
            assertThat(c.command("USER " + user)).startsWith("+OK");
            assertThat(c.command("PASS pw")).startsWith("+OK");
            for (int i = 0; i < count; i++) {
                out[i] = c.multi("RETR " + (i + 1));
                assertThat(out[i]).as("RETR %d: %s", i + 1, c.lastStatus).isNotNull();
            }
        }
        return out;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String base64Lines(int rawBytes) {
        return Base64.getMimeEncoder(76, "\r\n".getBytes()).encodeToString(random(rawBytes, rawBytes)) + "\r\n";
    }

    private static String part(String name, byte[] content) {
        return "Content-Type: application/octet-stream; name=\"" + name + "\"\r\n"
                + "Content-Disposition: attachment; filename=\"" + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder(76, "\r\n".getBytes()).encodeToString(content) + "\r\n";
    }

    private static String multipart(String subject, String... parts) {
        StringBuilder m = new StringBuilder("From: sender@example.net\r\nTo: alice@example.com\r\nSubject: " + subject
                + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"=_b\"\r\n\r\n"
                + "--=_b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee attachments.\r\n");
        for (String p : parts) {
            m.append("--=_b\r\n").append(p);
        }
        return m.append("--=_b--\r\n").toString();
    }
}
