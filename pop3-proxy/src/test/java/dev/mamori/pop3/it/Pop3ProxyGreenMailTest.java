package dev.mamori.pop3.it;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mamori.core.config.ClientTls;
import dev.mamori.core.config.Pop3Limits;
import dev.mamori.core.config.UpstreamTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The POP3 proxy end to end against GreenMail, with a raw-bytes client: fast, and exact about what crosses the wire. */
@Timeout(60)
class Pop3ProxyGreenMailTest {
    @TempDir
    Path dataDir;

    private GreenMail greenMail;
    private int upstreamPort;
    private ProxyHarness mamori;

    @BeforeEach
    void startUpstream() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort());
        greenMail.start();
        upstreamPort = greenMail.getPop3().getPort();
        GreenMailUser alice = greenMail.setUser("alice@example.com", "alice", "s3cret-pw");
        alice.deliver(GreenMailUtil.newMimeMessage(message("first", "Hello.\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n")));
        alice.deliver(GreenMailUtil.newMimeMessage(message("second", "Second body\r\n")));
        greenMail.setUser("bob@example.com", "bob", "bob-pw");
    }

    @AfterEach
    void stop() {
        if (mamori != null) {
            mamori.close();
        }
        greenMail.stop();
    }

    private static String message(String subject, String body) {
        return "From: sender@example.net\r\nTo: alice@example.com\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject + "@example.net>\r\n\r\n" + body;
    }

    private ProxyHarness start(ProxyHarness.Builder b) throws Exception {
        mamori = b.start();
        return mamori;
    }

    private ProxyHarness.Builder generic() {
        return ProxyHarness.builder(dataDir).generic(ClientTls.STARTTLS).allowLoopback(upstreamPort + "", UpstreamTls.NONE);
    }

    private String account(String user) {
        return user + "#127.0.0.1:" + upstreamPort;
    }

    private InetSocketAddress direct() {
        return new InetSocketAddress("127.0.0.1", upstreamPort);
    }

    @Test
    void retrievesEveryMessageByteIdenticalToADirectSession() throws Exception {
        start(generic());
        List<byte[]> viaDirect = retrieveAll(direct(), "alice");
        List<byte[]> viaMamori = retrieveAll(mamori.address(0), account("alice"));
        assertThat(viaMamori).hasSize(2);
        for (int i = 0; i < viaDirect.size(); i++) {
            assertThat(viaMamori.get(i)).isEqualTo(viaDirect.get(i));
        }
        assertThat(new String(viaMamori.get(0), StandardCharsets.ISO_8859_1)).contains("\r\n..leading dot\r\n", "\r\n...two dots\r\n");
    }

    private List<byte[]> retrieveAll(InetSocketAddress address, String user) throws IOException {
        return retrieveAll(address, user, false);
    }

    private List<byte[]> retrieveAll(InetSocketAddress address, String user, boolean tls) throws IOException {
        try (RawPop3Client c = new RawPop3Client(address, tls)) {
            assertThat(c.command("USER " + user)).startsWith("+OK");
            assertThat(c.command("PASS s3cret-pw")).startsWith("+OK");
            String stat = c.command("STAT");
            int n = Integer.parseInt(stat.split(" ")[1]);
            List<byte[]> out = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                out.add(c.multi("RETR " + i));
                assertThat(c.lastStatus).startsWith("+OK");
            }
            assertThat(c.command("QUIT")).startsWith("+OK");
            return out;
        }
    }

    private static List<String> hex(List<byte[]> messages) {
        return messages.stream().map(java.util.HexFormat.of()::formatHex).toList();
    }

    /** Asks the upstream directly, as a person would check, once the proxy's session has ended. */
    private int directMessageCount(String user) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (true) {
            try (RawPop3Client c = new RawPop3Client(direct())) {
                c.command("USER " + user);
                String pass = c.command("PASS s3cret-pw");
                if (pass.startsWith("+OK")) {
                    return Integer.parseInt(c.command("STAT").split(" ")[1]);
                }
                // the previous session may still hold the mailbox lock for a moment
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("cannot log in directly: " + pass);
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void relaysListUidlTopAndErrorsUnchanged() throws Exception {
        start(generic());
        try (RawPop3Client direct = new RawPop3Client(direct()); RawPop3Client via = new RawPop3Client(mamori.address(0))) {
            direct.command("USER alice");
            direct.command("PASS s3cret-pw");
            via.command("USER " + account("alice"));
            via.command("PASS s3cret-pw");
            assertThat(via.multi("LIST")).isEqualTo(direct.multi("LIST"));
            assertThat(via.multi("UIDL")).isEqualTo(direct.multi("UIDL"));
            assertThat(via.multi("TOP 1 0")).isEqualTo(direct.multi("TOP 1 0"));
            assertThat(via.command("LIST 2")).isEqualTo(direct.command("LIST 2"));
            assertThat(via.command("RETR 99")).startsWith("-ERR");
            assertThat(via.command("NOOP")).startsWith("+OK");
        }
    }

    @Test
    void deleAndQuitDeletesUpstream() throws Exception {
        // DELE followed by a dropped connection is tested against a scripted server and real Dovecot: GreenMail
        // commits DELE without QUIT, unlike RFC 1939
        start(generic());
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER " + account("alice"));
            c.command("PASS s3cret-pw");
            assertThat(c.command("DELE 1")).startsWith("+OK");
            assertThat(c.command("QUIT")).startsWith("+OK");
        }
        assertThat(directMessageCount("alice")).isEqualTo(1);
    }

    @Test
    void answersCapaItselfBeforeLoginAndRefusesApop() throws Exception {
        start(generic());
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.greeting).startsWith("+OK Mamori");
            String caps = new String(c.multi("CAPA"), StandardCharsets.US_ASCII);
            assertThat(caps).contains("USER\r\n", "SASL PLAIN LOGIN\r\n", "STLS\r\n", "RESP-CODES\r\n");
            assertThat(c.command("APOP alice 0123456789abcdef0123456789abcdef")).startsWith("-ERR [AUTH] APOP is not available");
            assertThat(c.command("STAT")).startsWith("-ERR [AUTH]");
            assertThat(c.command("PASS x")).startsWith("-ERR [AUTH]");
            assertThat(c.command("QUIT")).startsWith("+OK");
        }
    }

    @Test
    void refusesMalformedAccountsWithAClearError() throws Exception {
        start(generic());
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.command("USER alice")).startsWith("-ERR [AUTH] invalid account");
            assertThat(c.command("USER alice#bad_host!")).startsWith("-ERR [AUTH] invalid account");
            assertThat(c.command("USER alice#127.0.0.1:99999")).contains("port");
            assertThat(c.command("USER #127.0.0.1")).contains("empty");
            // still usable afterwards
            assertThat(c.command("USER " + account("alice"))).startsWith("+OK");
            assertThat(c.command("PASS s3cret-pw")).startsWith("+OK");
        }
    }

    @Test
    void refusesUpstreamsOutsideTheAllowListWithoutConnecting() throws Exception {
        start(generic());
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.command("USER alice#127.0.0.1:22")).startsWith("-ERR [AUTH]").contains("not on the allow-list");
            assertThat(c.command("USER alice#169.254.169.254:" + upstreamPort)).startsWith("-ERR [AUTH]");
            assertThat(c.command("USER alice#10.1.2.3")).startsWith("-ERR [AUTH]");
        }
    }

    @Test
    void refusesAllowedNamesThatResolveToDeniedAddresses() throws Exception {
        // "*" allows any host on the port, but the resolved loopback address is denied (no permitAddresses)
        start(ProxyHarness.builder(dataDir).generic(ClientTls.NONE)
                .rule(new dev.mamori.core.config.UpstreamRule(List.of("*"), List.of(dev.mamori.core.net.PortRange.of(upstreamPort)),
                        null, UpstreamTls.NONE)));
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.command("USER alice#localhost:" + upstreamPort)).startsWith("-ERR [AUTH]").contains("loopback");
            assertThat(c.command("USER alice#127.0.0.1:" + upstreamPort)).startsWith("-ERR [AUTH]").contains("loopback");
        }
    }

    @Test
    void reportsAnUnreachableUpstreamAsTemporary() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        start(ProxyHarness.builder(dataDir).generic(ClientTls.NONE).allowLoopback("1-65535", UpstreamTls.NONE));
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.command("USER alice#127.0.0.1:" + closedPort)).startsWith("-ERR [SYS/TEMP]").contains("unreachable");
            assertThat(c.command("USER " + account("alice"))).startsWith("+OK");
        }
    }

    @Test
    void refusesPlainTextWhenTlsIsRequiredAndTheUpstreamHasNoStls() throws Exception {
        start(ProxyHarness.builder(dataDir).generic(ClientTls.NONE).allowLoopback(upstreamPort + "", UpstreamTls.REQUIRED));
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.command("USER " + account("alice"))).startsWith("-ERR [SYS/PERM]").contains("does not offer STLS");
        }
    }

    @Test
    void wrongPasswordIsRelayedAndTheClientMayRetry() throws Exception {
        start(generic());
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER " + account("alice"));
            assertThat(c.command("PASS wrong")).startsWith("-ERR");
            assertThat(c.command("USER " + account("alice"))).startsWith("+OK");
            assertThat(c.command("PASS s3cret-pw")).startsWith("+OK");
        }
    }

    @Test
    void blocksAnAddressAfterRepeatedFailedLogins() throws Exception {
        start(generic().loginThrottle(3, Duration.ofMinutes(10)));
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            for (int i = 0; i < 3; i++) {
                c.command("USER " + account("alice"));
                assertThat(c.command("PASS wrong" + i)).startsWith("-ERR");
            }
            assertThat(c.command("USER " + account("alice"))).startsWith("-ERR [LOGIN-DELAY]");
        }
    }

    @Test
    void authPlainAndLoginCarryTheUpstreamInTheUserName() throws Exception {
        start(generic());
        String plain = Base64.getEncoder().encodeToString(("\0" + account("alice") + "\0s3cret-pw").getBytes(StandardCharsets.UTF_8));
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.command("AUTH PLAIN " + plain)).startsWith("+OK");
            assertThat(c.command("STAT")).startsWith("+OK 2 ");
        }
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.command("AUTH LOGIN")).isEqualTo("+ VXNlcm5hbWU6");
            assertThat(c.command(Base64.getEncoder().encodeToString(account("alice").getBytes()))).isEqualTo("+ UGFzc3dvcmQ6");
            assertThat(c.command(Base64.getEncoder().encodeToString("s3cret-pw".getBytes()))).startsWith("+OK");
            assertThat(c.command("STAT")).startsWith("+OK 2 ");
        }
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.command("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(c.command("*")).startsWith("-ERR [AUTH]");
            assertThat(c.command("AUTH CRAM-MD5")).startsWith("-ERR [AUTH]");
        }
    }

    @Test
    void answersPipelinedCommandsInOrder() throws Exception {
        start(generic());
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.sendRaw("USER " + account("alice") + "\r\nPASS s3cret-pw\r\nSTAT\r\nLIST 1\r\nNOOP\r\nLIST 2\r\n");
            assertThat(c.line()).startsWith("+OK");
            assertThat(c.line()).startsWith("+OK");
            assertThat(c.line()).startsWith("+OK 2 ");
            assertThat(c.line()).startsWith("+OK 1 ");
            assertThat(c.line()).startsWith("+OK");
            assertThat(c.line()).startsWith("+OK 2 ");
        }
    }

    @Test
    void refusesOverlongCommandLinesAndStaysUsable() throws Exception {
        start(generic());
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.command("NOOP " + "x".repeat(5000))).startsWith("-ERR").contains("too long");
            assertThat(c.command("USER " + account("alice"))).startsWith("+OK");
        }
    }

    @Test
    void stlsUpgradesTheClientSideAndDiscardsInjectedCommands() throws Exception {
        start(generic());
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            // "USER evil" pipelined after STLS in the same packet must never be executed
            c.sendRaw("STLS\r\nUSER evil#127.0.0.1:" + upstreamPort + "\r\n");
            assertThat(c.line()).startsWith("+OK");
            c.startTls(mamori.address(0));
            String caps = new String(c.multi("CAPA"), StandardCharsets.US_ASCII);
            assertThat(caps).doesNotContain("STLS");
            assertThat(c.command("USER " + account("alice"))).startsWith("+OK");
            assertThat(c.command("PASS s3cret-pw")).startsWith("+OK");
            assertThat(c.command("STAT")).startsWith("+OK 2 ");
        }
    }

    @Test
    void implicitTlsListener() throws Exception {
        start(ProxyHarness.builder(dataDir).generic(ClientTls.IMPLICIT).allowLoopback(upstreamPort + "", UpstreamTls.NONE));
        assertThat(hex(retrieveAll(mamori.address(0), account("alice"), true))).isEqualTo(hex(retrieveAll(direct(), "alice")));
    }

    @Test
    void dedicatedPortPassesTheUpstreamGreetingAndPlainAccounts() throws Exception {
        start(ProxyHarness.builder(dataDir).dedicated("127.0.0.1", upstreamPort, UpstreamTls.NONE));
        try (RawPop3Client direct = new RawPop3Client(direct()); RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.greeting).isEqualTo(direct.greeting);
            assertThat(c.command("USER alice")).startsWith("+OK");
            assertThat(c.command("PASS s3cret-pw")).startsWith("+OK");
            assertThat(c.multi("RETR 2")).isNotNull();
            assertThat(c.command("QUIT")).startsWith("+OK");
        }
    }

    @Test
    void refusesClientsOutsideTheAcl() throws Exception {
        start(generic().clients("10.0.0.0/8"));
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(c.greeting).startsWith("-ERR [SYS/PERM] access denied");
            assertThat(c.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void limitsConnectionsPerAddress() throws Exception {
        start(generic().connections(10, 2));
        try (RawPop3Client a = new RawPop3Client(mamori.address(0)); RawPop3Client b = new RawPop3Client(mamori.address(0));
             RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            assertThat(a.greeting).startsWith("+OK");
            assertThat(b.greeting).startsWith("+OK");
            assertThat(c.greeting).startsWith("-ERR [SYS/TEMP] too many connections from your address");
        }
        Thread.sleep(300);
        try (RawPop3Client d = new RawPop3Client(mamori.address(0))) {
            assertThat(d.greeting).startsWith("+OK"); // released when the others closed
        }
    }

    @Test
    void largeMessageGoesThroughTheFileSpoolByteIdentical() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 3_000_000; i++) {
            big.append(i % 7 == 0 ? "." : "").append("line ").append(i).append(" \u00e9t\u00e9 \r\n");
        }
        greenMail.setUser("carol@example.com", "carol", "s3cret-pw")
                .deliver(GreenMailUtil.newMimeMessage(message("big", big.toString())));
        start(generic().limits(new Pop3Limits(null, null, null, null, dev.mamori.core.config.DataSize.ofKiB(64), null)));
        List<byte[]> direct = retrieveAll(direct(), "carol");
        List<byte[]> via = retrieveAll(mamori.address(0), account("carol"));
        assertThat(via.getFirst()).hasSize(direct.getFirst().length).isEqualTo(direct.getFirst());
    }

    @Test
    void refusesMessagesOverTheSizeLimitAndKeepsTheSession() throws Exception {
        greenMail.setUser("dave@example.com", "dave", "s3cret-pw")
                .deliver(GreenMailUtil.newMimeMessage(message("big", "x".repeat(200) + "\r\n").repeat(1)
                        + ("y".repeat(1000) + "\r\n").repeat(10)));
        start(generic().limits(new Pop3Limits(null, null, null, null, null, dev.mamori.core.config.DataSize.ofKiB(4))));
        try (RawPop3Client c = new RawPop3Client(mamori.address(0))) {
            c.command("USER dave#127.0.0.1:" + upstreamPort);
            c.command("PASS s3cret-pw");
            assertThat(c.command("RETR 1")).startsWith("-ERR [SYS/PERM]").contains("scanning limit");
            assertThat(c.command("NOOP")).startsWith("+OK");
        }
    }

    @Test
    void fiftyParallelClients() throws Exception {
        for (int i = 0; i < 50; i++) {
            GreenMailUser u = greenMail.setUser("u" + i + "@example.com", "u" + i, "s3cret-pw");
            u.deliver(GreenMailUtil.newMimeMessage(message("m" + i, ("body of " + i + "\r\n").repeat(2000))));
        }
        start(generic().connections(200, 100));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String user = "u" + i;
                Callable<Boolean> task = () -> {
                    List<byte[]> via = retrieveAll(mamori.address(0), account(user));
                    List<byte[]> direct = retrieveAll(direct(), user);
                    return via.size() == 1 && java.util.Arrays.equals(via.getFirst(), direct.getFirst());
                };
                results.add(pool.submit(task));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
