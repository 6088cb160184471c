package dev.mamori.smtp.it;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A line-level SMTP client over a real socket, for exact bytes and for STARTTLS. */
final class RawSmtpClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawSmtpClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 10_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** The next complete reply, CRLFs included; empty at end of stream. */
    String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                return all.toString();
            }
            all.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (c == '\n') {
                break;
            }
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String cmd(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    /** Upgrades to TLS after a 220 to STARTTLS, verifying the server's certificate for {@code host}. */
    void startTls(SSLContext context, String host) throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        socket = ssl;
        in = new BufferedInputStream(ssl.getInputStream());
        out = ssl.getOutputStream();
    }

    /** True when the server closed the connection. */
    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
