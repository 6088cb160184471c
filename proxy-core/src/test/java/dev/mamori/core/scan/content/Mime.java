package dev.mamori.core.scan.content;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds MIME messages as text, CRLF line ends, for the generated corpus. */
final class Mime {
    private Mime() {
    }

    static String message(String headers, String body) {
        return crlf("From: a@example.net\nTo: b@example.net\nSubject: test\nMIME-Version: 1.0\n" + headers + "\n") + "\r\n" + body;
    }

    static String multipart(String subtype, String boundary, String... parts) {
        StringBuilder sb = new StringBuilder("preamble\r\n");
        for (String p : parts) {
            sb.append("--").append(boundary).append("\r\n").append(p).append("\r\n");
        }
        return sb.append("--").append(boundary).append("--\r\n").toString();
    }

    static String multipartHeader(String subtype, String boundary) {
        return "Content-Type: multipart/" + subtype + "; boundary=\"" + boundary + "\"";
    }

    static String part(String headers, String body) {
        return crlf(headers + "\n") + "\r\n" + body;
    }

    static String attachment(String type, String name, byte[] content) {
        return part("Content-Type: " + type + "; name=\"" + name + "\"\nContent-Transfer-Encoding: base64\n"
                + "Content-Disposition: attachment; filename=\"" + name + "\"", base64(content));
    }

    static String text(String body) {
        return part("Content-Type: text/plain; charset=utf-8", body);
    }

    static String base64(byte[] content) {
        return Base64.getMimeEncoder(76, new byte[]{'\r', '\n'}).encodeToString(content) + "\r\n";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String crlf(String s) {
        return s.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    /** A message whose only attachment is {@code content} named {@code name}. */
    static byte[] withAttachment(String name, byte[] content) {
        return bytes(message(multipartHeader("mixed", "b1"), multipart("mixed", "b1",
                text("see attachment\r\n"), attachment("application/octet-stream", name, content))));
    }
}
