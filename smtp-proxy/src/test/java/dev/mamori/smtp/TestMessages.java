package dev.mamori.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Test messages built at run time: not even the EICAR test file is committed to the repository. */
public final class TestMessages {
    private TestMessages() {
    }

    /** The 68-byte EICAR anti-malware test file, assembled from parts. */
    public static byte[] eicar() {
        String s = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!" + "$H+H*";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A clean message with a line that needs dot-stuffing, 8-bit text and a long-ish body. */
    public static String clean(String subject) {
        return "From: sender@example.net\r\nTo: alice@example.com\r\nSubject: " + subject + "\r\n"
                + "Message-ID: <" + subject.replace(' ', '-') + "@example.net>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "Hello.\r\n.a line that starts with a dot\r\n..two dots\r\nGr\u00fc\u00dfe\r\n"
                + "x".repeat(70) + "\r\n";
    }

    public static String withEicar(String subject) {
        return "From: sender@example.net\r\nTo: alice@example.com\r\nSubject: " + subject + "\r\n"
                + "Message-ID: <" + subject.replace(' ', '-') + "@example.net>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"=_b\"\r\n\r\n"
                + "--=_b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee attachment.\r\n"
                + "--=_b\r\nContent-Type: application/octet-stream; name=\"eicar.com\"\r\n"
                + "Content-Disposition: attachment; filename=\"eicar.com\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder(76, "\r\n".getBytes()).encodeToString(eicar()) + "\r\n--=_b--\r\n";
    }

    /** The DATA wire form of content that ends with CRLF: dot-stuffed, with the terminator. */
    public static String stuffed(String content) {
        return (content.startsWith(".") ? "." : "") + content.replace("\r\n.", "\r\n..") + ".\r\n";
    }
}
