package dev.mamori.core.scan.engine;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Generated test messages: a text part plus attachments, or an HTML body; CRLF line ends, base64 attachments. */
public final class TestMail {
    private TestMail() {
    }

    /** A multipart/mixed message with a short text part and one attachment per name/content pair. */
    public static byte[] withAttachments(Object... nameThenContent) {
        StringBuilder sb = new StringBuilder(headers("multipart/mixed; boundary=\"b1\""));
        sb.append("\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attachment\r\n");
        for (int i = 0; i < nameThenContent.length; i += 2) {
            String name = (String) nameThenContent[i];
            byte[] content = (byte[]) nameThenContent[i + 1];
            sb.append("--b1\r\nContent-Type: application/octet-stream; name*=UTF-8''").append(rfc2231(name))
                    .append("\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename*=UTF-8''")
                    .append(rfc2231(name)).append("\r\n\r\n")
                    .append(Base64.getMimeEncoder(76, new byte[]{'\r', '\n'}).encodeToString(content))
                    .append("\r\n");
        }
        return sb.append("--b1--\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] withAttachment(String name, byte[] content) {
        return withAttachments(name, content);
    }

    /** A single-part text/html message (quoted-printable, so the walker has to decode it). */
    public static byte[] html(String body) {
        return (headers("text/html; charset=utf-8") + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + quotedPrintable(body)).getBytes(StandardCharsets.UTF_8);
    }

    /** A single-part text/plain message. */
    public static byte[] text(String body) {
        return (headers("text/plain; charset=utf-8") + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String headers(String contentType) {
        return "From: a@example.net\r\nTo: b@example.net\r\nSubject: test\r\nMIME-Version: 1.0\r\nContent-Type: "
                + contentType + "\r\n";
    }

    /** RFC 2231 percent form, so names with spaces, dots and Unicode controls survive the headers exactly. */
    private static String rfc2231(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                    || c == '_') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    private static String quotedPrintable(String body) {
        StringBuilder sb = new StringBuilder();
        int col = 0;
        for (byte b : body.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            String enc = c == '\n' ? "\r\n" : c >= 33 && c <= 126 && c != '=' || c == ' ' ? String.valueOf((char) c)
                    : String.format("=%02X", c);
            if (c == '\n') {
                col = 0;
                sb.append(enc);
                continue;
            }
            if (col + enc.length() > 75) {
                sb.append("=\r\n");
                col = 0;
            }
            sb.append(enc);
            col += enc.length();
        }
        return sb.append("\r\n").toString();
    }
}
