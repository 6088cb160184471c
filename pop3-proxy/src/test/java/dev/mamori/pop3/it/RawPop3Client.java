package dev.mamori.pop3.it;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

/**
 * A deliberately simple POP3 client for tests that works on raw bytes, so tests can compare exactly what arrives
 * (status lines, dot-stuffed bodies) without any client library normalising it.
 */
final class RawPop3Client implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    final String greeting;

    RawPop3Client(InetSocketAddress address) throws IOException {
        this(address, false);
    }

    RawPop3Client(InetSocketAddress address, boolean implicitTls) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5000);
        s.setSoTimeout(20_000);
        if (implicitTls) {
            s = wrap(s, address);
        }
        attach(s);
        greeting = line();
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 65536);
        out = s.getOutputStream();
    }

    private static SSLSocket wrap(Socket plain, InetSocketAddress address) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{new X509TrustManager() {
                // Mamori's self-signed test certificate: these tests check the proxy, not the PKI
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, address.getHostString(), address.getPort(), true);
            s.startHandshake();
            return s;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    void startTls(InetSocketAddress address) throws IOException {
        attach(wrap(socket, address));
    }

    void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    String command(String cmd) throws IOException {
        sendRaw(cmd + "\r\n");
        return line();
    }

    /** Reads one line without its CRLF; throws at end of stream. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        throw new IOException("connection closed" + (b.size() > 0 ? " after '" + b + "'" : ""));
    }

    /** Reads a multi-line body after its status line: raw bytes, still dot-stuffed, without the terminating line. */
    byte[] body() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed inside a multi-line answer");
            }
            line.write(c);
            if (c == '\n') {
                byte[] l = line.toByteArray();
                if (java.util.Arrays.equals(l, new byte[]{'.', '\r', '\n'}) || java.util.Arrays.equals(l, new byte[]{'.', '\n'})) {
                    return b.toByteArray();
                }
                b.write(l);
                line.reset();
            }
        }
    }

    /** Sends a command expecting a multi-line answer; returns null on -ERR (the status is in {@link #lastStatus}). */
    byte[] multi(String cmd) throws IOException {
        lastStatus = command(cmd);
        return lastStatus.startsWith("+OK") ? body() : null;
    }

    String lastStatus;

    boolean isClosedByPeer() {
        try {
            socket.setSoTimeout(3000);
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
