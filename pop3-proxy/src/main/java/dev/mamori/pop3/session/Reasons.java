package dev.mamori.pop3.session;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** Short, client-safe descriptions of network failures: no stack traces or internal details go to clients. */
final class Reasons {
    private Reasons() {
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof DecoderException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    static String of(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof ConnectTimeoutException || c instanceof TimeoutException) {
            return "timed out";
        }
        if (c instanceof ConnectException) {
            return "connection refused";
        }
        if (c instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (c instanceof UnknownHostException) {
            return "host name not found";
        }
        if (c instanceof SSLHandshakeException) {
            return "TLS handshake failed (" + tlsDetail(c) + ")";
        }
        if (c instanceof SSLException) {
            return "TLS error (" + tlsDetail(c) + ")";
        }
        if (c instanceof ClosedChannelException) {
            return "connection closed";
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : sanitize(m);
    }

    private static String tlsDetail(Throwable c) {
        Throwable root = c;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        if (m == null) {
            return root.getClass().getSimpleName();
        }
        if (m.contains("PKIX") || m.contains("unable to find valid certification path")) {
            return "certificate not trusted";
        }
        if (m.contains("No subject alternative") || m.contains("No name matching") || m.contains("doesn't match")) {
            return "certificate does not match the host name";
        }
        return sanitize(m);
    }

    /** One line, printable ASCII, bounded: safe inside a POP3 reply. */
    static String sanitize(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 160));
        for (int i = 0; i < s.length() && b.length() < 160; i++) {
            char ch = s.charAt(i);
            b.append(ch >= 0x20 && ch < 0x7F ? ch : ' ');
        }
        return b.toString();
    }
}
