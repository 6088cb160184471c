package dev.mamori.app.log;

import dev.mamori.core.config.SyslogProtocol;
import dev.mamori.core.config.SyslogSettings;
import dev.mamori.core.events.EventHub;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.log.SyslogEvents;
import dev.mamori.core.store.AuditEvent;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The syslog output, installed into the shipped Log4j configuration, against in-test UDP and TCP receivers: RFC 5424
 * frames with the detection and audit structured data, warnings from any logger, redaction in front.
 */
@Timeout(60)
class SyslogOutputTest {
    private static final Path LOG_CONFIG = Path.of("src", "main", "dist", "conf", "log4j2.xml");
    /** PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG */
    private static final Pattern FRAME = Pattern.compile(
            "<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:\\d\\d)) (\\S+) (\\S+) (\\S+) (\\S+) (-|\\[.*\\]) ?(.*)",
            Pattern.DOTALL);

    @TempDir
    Path dir;
    private LoggerContext context;
    private URI originalConfig;
    private String originalLogDir;
    private EventHub hub;
    private SyslogEvents syslogEvents;

    @BeforeEach
    void shippedConfiguration() {
        originalLogDir = System.setProperty("mamori.logDir", dir.resolve("logs").toString());
        context = (LoggerContext) LogManager.getContext(false);
        originalConfig = context.getConfigLocation();
        context.setConfigLocation(LOG_CONFIG.toUri());
        hub = new EventHub();
        syslogEvents = SyslogEvents.subscribe(hub);
    }

    @AfterEach
    void restore() {
        syslogEvents.close();
        hub.close();
        if (originalConfig != null) {
            context.setConfigLocation(originalConfig);
        } else {
            context.reconfigure(new DefaultConfiguration());
        }
        if (originalLogDir == null) {
            System.clearProperty("mamori.logDir");
        } else {
            System.setProperty("mamori.logDir", originalLogDir);
        }
    }

    @Test
    void udp() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            Thread t = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[65536];
                while (!receiver.isClosed()) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        receiver.receive(p);
                    } catch (java.io.IOException e) {
                        return;
                    }
                    frames.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                }
            });
            SyslogOutput.install(context, new SyslogSettings(true, "127.0.0.1", receiver.getLocalPort(),
                    SyslogProtocol.UDP, "local3", "mamori-test", null), dir);
            emitAndCheck(frames);
            t.interrupt();
        }
    }

    @Test
    void tcp() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept();
                     BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        frames.add(line);
                    }
                } catch (java.io.IOException e) {
                    // the test ended
                }
            });
            SyslogOutput.install(context, new SyslogSettings(true, "127.0.0.1", server.getLocalPort(),
                    SyslogProtocol.TCP, "local3", "mamori-test", null), dir);
            emitAndCheck(frames);
        }
    }

    @Test
    void tlsWithTheServerVerifiedAgainstCaFile() throws Exception {
        var generated = dev.mamori.core.tls.SelfSignedCertificate.generate("syslog.test", List.of("localhost"),
                List.of("127.0.0.1"), java.time.Duration.ofDays(1));
        Path caFile = java.nio.file.Files.writeString(dir.resolve("syslog-ca.pem"),
                dev.mamori.core.tls.Pem.encodeCertificate(generated.certificate()));
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", generated.keyPair().getPrivate(), "pw".toCharArray(),
                new java.security.cert.Certificate[]{generated.certificate()});
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        try (ServerSocket server = ctx.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept(); var in = new java.io.DataInputStream(s.getInputStream())) {
                    // RFC 5425 framing: MSG-LEN SP SYSLOG-MSG
                    while (true) {
                        StringBuilder len = new StringBuilder();
                        for (int c; (c = in.read()) != ' '; ) {
                            if (c < 0) {
                                return;
                            }
                            len.append((char) c);
                        }
                        byte[] msg = new byte[Integer.parseInt(len.toString())];
                        in.readFully(msg);
                        frames.add(new String(msg, StandardCharsets.UTF_8));
                    }
                } catch (java.io.IOException e) {
                    // the test ended
                }
            });
            SyslogOutput.install(context, new SyslogSettings(true, "127.0.0.1", server.getLocalPort(),
                    SyslogProtocol.TLS, "local3", "mamori-test", caFile), dir);
            emitAndCheck(frames);
        }
    }

    @Test
    void aSyslogServerThatIsDownNeitherStopsTheStartNorBlocksLogging() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SyslogOutput.install(context, new SyslogSettings(true, "127.0.0.1", port, SyslogProtocol.TCP, null, null, null), dir);
        assertThat(context.getConfiguration().getAppenders()).containsKeys(SyslogOutput.SYSLOG, SyslogOutput.ASYNC,
                SyslogOutput.REDACTED);
        // more events than the asynchronous stage holds: they are dropped, the caller never waits for the network
        for (int i = 0; i < 5000; i++) {
            LogManager.getLogger("dev.mamori.pop3.session").warn("warning {}", i);
        }
    }

    private void emitAndCheck(BlockingQueue<String> frames) throws Exception {
        hub.publish(new MamoriEvent.Detection(Instant.now(), "pop3", "main", "192.0.2.7", "alice", "pop.example.net:995",
                List.of(), "Invoice \"Q3\" [urgent]", "<m1@example.net>", List.of("Eicar-Test-Signature"),
                List.of("virus"), "replace,quarantine", "20260101-abc"));
        SyslogEvents.audit(new AuditEvent(Instant.now(), "admin", "quarantine.release", "20260101-abc", null, "ok"));
        LogManager.getLogger("dev.mamori.pop3.session").warn("upstream refused login, password=hunter2-Secret");
        LogManager.getLogger("dev.mamori.pop3.session").info("an info line that syslog does not get");

        java.util.Map<String, Matcher> byMsgId = collect(frames, "detection", "audit", "-");
        Matcher detection = byMsgId.get("detection");
        // local3 (19) * 8 + warning (4)
        assertThat(detection.group(1)).isEqualTo("156");
        assertThat(detection.group(4)).isEqualTo("mamori-test");
        assertThat(detection.group(7))
                .startsWith("[mamori-detection@32473 ")
                .contains("threat=\"Eicar-Test-Signature\"", "category=\"virus\"", "action=\"replace,quarantine\"",
                        "account=\"alice\"", "client=\"192.0.2.7\"", "quarantineId=\"20260101-abc\"",
                        "protocol=\"pop3\"", "listener=\"main\"")
                // RFC 5424 PARAM-VALUE escapes '"', '\' and ']'
                .contains("subject=\"Invoice \\\"Q3\\\" [urgent\\]\"");
        assertThat(detection.group(8)).contains("Eicar-Test-Signature");

        Matcher audit = byMsgId.get("audit");
        assertThat(audit.group(1)).isEqualTo("158"); // local3, informational
        assertThat(audit.group(7)).startsWith("[mamori-audit@32473 ")
                .contains("actor=\"admin\"", "action=\"quarantine.release\"", "target=\"20260101-abc\"", "result=\"ok\"");

        Matcher warning = byMsgId.get("-");
        assertThat(warning.group(1)).isEqualTo("156");
        assertThat(warning.group(8)).contains("upstream refused login, password=******").doesNotContain("hunter2");
        // the detection came once (no second copy through the root logger), and INFO lines from other loggers stay out
        assertThat(frames).noneMatch(f -> f.contains("mamori-detection") || f.contains("an info line"));
    }

    /** Frames until one of each MSGID arrived (the detection comes through the event hub's thread, so in any order). */
    private static java.util.Map<String, Matcher> collect(BlockingQueue<String> frames, String... msgIds)
            throws InterruptedException {
        java.util.Map<String, Matcher> found = new java.util.HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (found.size() < msgIds.length && System.nanoTime() < deadline) {
            String f = frames.poll(1, TimeUnit.SECONDS);
            if (f == null) {
                continue;
            }
            Matcher m = FRAME.matcher(f.strip());
            assertThat(m.matches()).as("RFC 5424 frame: %s", f).isTrue();
            assertThat(found.put(m.group(6), m)).as("second frame with MSGID %s: %s", m.group(6), f).isNull();
        }
        assertThat(found).as("frames received").containsOnlyKeys(msgIds);
        return found;
    }
}
