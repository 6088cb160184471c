package dev.mamori.ui;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mamori.core.config.ConfigLoader;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.ui.backend.EmbeddedBackend;
import dev.mamori.ui.backend.EmbeddedServer;
import dev.mamori.core.log.LogBuffer;
import dev.mamori.core.log.RingBufferAppender;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real embedded Mamori (runtime + POP3 proxy from a YAML file) with GreenMail as the upstream POP3 server, and the
 * dashboard backend over it. Traffic is generated with a raw POP3 client through the proxy.
 */
public final class EmbeddedFixture implements AutoCloseable {
    public final GreenMail upstream;
    public final EmbeddedServer server;
    public final EmbeddedBackend backend;
    public final LogBuffer log = new LogBuffer(LogBuffer.DEFAULT_CAPACITY);
    public final Path configFile;
    /** The admin channel, started as desktop mode starts it, or null. */
    public final dev.mamori.core.admin.server.AdminServer admin;
    private final AutoCloseable appender;

    public EmbeddedFixture(Path dir) throws Exception {
        this(dir, false);
    }

    /**
     * With {@code adminChannel}, the file has an {@code admin:} section (loopback, port 0) and the admin channel runs
     * beside the proxy; the backend shares its configuration view and accounts, as {@code mamori dashboard} does.
     */
    public EmbeddedFixture(Path dir, boolean adminChannel) throws Exception {
        upstream = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort());
        upstream.start();
        int port = upstream.getPop3().getPort();
        configFile = dir.resolve("mamori.yaml");
        Files.writeString(configFile, """
                server:
                  name: dashboard-test
                  dataDir: %s
                upstreams:
                  # the test upstream on this machine
                  allow:
                    - hosts: [127.0.0.1]
                      ports: [%d]
                      permitAddresses: [127.0.0.1/32]
                      tls: none
                  # after the allow-list
                  connectTimeout: 15s
                scan:
                  # what happens to what the engines find
                  policy:
                    virus: [replace, quarantine]   # the default
                    # broken MIME is delivered tagged
                    malformed: [deliver, tag]
                pop3:
                  listeners:
                    - name: generic
                      bind: 127.0.0.1:0
                      tls: none
                """.formatted(dir.resolve("data").toString().replace("\\", "/"), port)
                + (adminChannel ? "admin:\n  bind: 127.0.0.1:0\n" : ""));
        MamoriConfig config = ConfigLoader.load(configFile);
        appender = RingBufferAppender.install(log);
        server = EmbeddedServer.start(config);
        if (adminChannel) {
            admin = dev.mamori.core.admin.server.AdminServer.start(server.runtime(), config.admin(),
                    new dev.mamori.core.admin.server.ConfigView(configFile, server.runtime(), java.time.Clock.systemUTC()),
                    () -> server.pop3Addresses().stream()
                            .map(a -> dev.mamori.core.admin.Results.Listener.of("pop3", "generic", a)).toList(),
                    "test", log);
            backend = EmbeddedBackend.over(server.runtime(), server.pop3Addresses(), java.util.List.of(), "test",
                    admin.configView(), admin.accounts(), log);
        } else {
            admin = null;
            backend = EmbeddedBackend.over(server.runtime(), server.pop3Addresses(), "test", configFile, log);
        }
    }

    /** The EICAR test string, assembled at run time so this file is not itself a test virus. */
    public static byte[] eicar() {
        return ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS" + "-TEST-FILE!" + "$H+H*")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Delivers a message with EICAR attached to {@code user} at the upstream. */
    public void deliverEicar(String user, String subject) throws Exception {
        String b64 = java.util.Base64.getMimeEncoder().encodeToString(eicar());
        String mime = """
                From: sender@example.org\r
                To: %s@example.com\r
                Subject: %s\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="b"\r
                \r
                --b\r
                Content-Type: text/plain\r
                \r
                See attachment.\r
                --b\r
                Content-Type: application/octet-stream; name="eicar.com"\r
                Content-Disposition: attachment; filename="eicar.com"\r
                Content-Transfer-Encoding: base64\r
                \r
                %s\r
                --b--\r
                """.formatted(user, subject, b64);
        upstream.setUser(user + "@example.com", user, "pw")
                .deliver(GreenMailUtil.newMimeMessage(mime));
    }

    /** Logs in through the proxy as {@code user} and retrieves message 1; returns what the client received. */
    public String retrieveFirst(String user) throws IOException {
        InetSocketAddress proxy = server.pop3Addresses().getFirst();
        try (Socket s = new Socket(proxy.getAddress(), proxy.getPort())) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            expectOk(in.readLine());
            command(out, in, "USER " + user + "#127.0.0.1:" + upstream.getPop3().getPort());
            command(out, in, "PASS pw");
            command(out, in, "RETR 1");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (String line; (line = in.readLine()) != null && !line.equals("."); ) {
                body.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            command(out, in, "QUIT");
            return body.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Opens a session and logs in without retrieving anything; the caller closes the socket. */
    public Socket openSession(String user) throws IOException {
        InetSocketAddress proxy = server.pop3Addresses().getFirst();
        Socket s = new Socket(proxy.getAddress(), proxy.getPort());
        s.setSoTimeout(30_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        expectOk(in.readLine());
        command(s.getOutputStream(), in, "USER " + user + "#127.0.0.1:" + upstream.getPop3().getPort());
        command(s.getOutputStream(), in, "PASS pw");
        return s;
    }

    private static void command(OutputStream out, BufferedReader in, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        expectOk(in.readLine());
    }

    private static void expectOk(String reply) throws IOException {
        if (reply == null || !reply.startsWith("+OK")) {
            throw new IOException("POP3 server said: " + reply);
        }
    }

    @Override
    public void close() throws Exception {
        backend.close();
        if (admin != null) {
            admin.close();
        }
        server.close();
        upstream.stop();
        appender.close();
    }
}
