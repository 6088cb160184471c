package dev.mamori.smtp.it;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny upstream MTA on a real socket: greets, answers EHLO with the configured keywords, does STARTTLS with the
 * given context, and keeps each message's exact DATA wire bytes and whether they came over TLS.
 */
final class ScriptedSmtpServer implements AutoCloseable {
    record Received(byte[] wire, boolean tls, List<String> commands) {
    }

    private final ServerSocket server;
    private final SSLContext tls;
    final List<String> ehloKeywords;
    final List<Received> messages = new CopyOnWriteArrayList<>();
    final List<String> commands = new CopyOnWriteArrayList<>();
    volatile String greeting = "220 scripted.example ESMTP";
    private final Thread acceptor;

    ScriptedSmtpServer(SSLContext tls, List<String> ehloKeywords) throws IOException {
        this.tls = tls;
        this.ehloKeywords = ehloKeywords;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (Socket s0 = socket) {
            Socket s = s0;
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            boolean secure = false;
            List<String> session = new CopyOnWriteArrayList<>();
            write(out, greeting);
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                commands.add(line);
                session.add(line);
                String verb = line.split(" ", 2)[0].toUpperCase();
                switch (verb) {
                    case "EHLO" -> {
                        StringBuilder b = new StringBuilder("250-scripted.example\r\n");
                        for (String k : ehloKeywords) {
                            if (!(secure && k.equals("STARTTLS"))) {
                                b.append("250-").append(k).append("\r\n");
                            }
                        }
                        b.append("250 8BITMIME");
                        write(out, b.toString());
                    }
                    case "STARTTLS" -> {
                        write(out, "220 2.0.0 go ahead");
                        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), false);
                        ssl.setUseClientMode(false);
                        ssl.startHandshake();
                        s = ssl;
                        in = new BufferedInputStream(ssl.getInputStream());
                        out = ssl.getOutputStream();
                        secure = true;
                    }
                    case "DATA" -> {
                        write(out, "354 go ahead");
                        ByteArrayOutputStream wire = new ByteArrayOutputStream();
                        while (true) {
                            String l = readLine(in);
                            if (l == null) {
                                return;
                            }
                            if (l.equals(".")) {
                                break;
                            }
                            wire.writeBytes((l + "\r\n").getBytes(StandardCharsets.UTF_8));
                        }
                        messages.add(new Received(wire.toByteArray(), secure, List.copyOf(session)));
                        write(out, "250 2.0.0 Ok: queued as Q" + messages.size());
                    }
                    case "QUIT" -> {
                        write(out, "221 bye");
                        return;
                    }
                    case "MAIL", "RCPT", "RSET", "NOOP", "HELO" -> write(out, "250 2.0.0 Ok");
                    case "AUTH" -> write(out, "235 2.7.0 Authentication successful");
                    default -> write(out, "502 5.5.2 unknown");
                }
            }
        } catch (IOException e) {
            // the test ends the connection
        }
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A line without CRLF (only CRLF ends a line: the test checks exact bytes). */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n' && prev == '\r') {
                byte[] bytes = b.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            b.write(c);
            prev = c;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
