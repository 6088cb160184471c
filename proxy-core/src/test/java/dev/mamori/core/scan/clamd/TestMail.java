package dev.mamori.core.scan.clamd;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds the messages and archives of the clamd corpus in memory: MIME as text with CRLF line ends. */
final class TestMail {
    private TestMail() {
    }

    /** A message whose body is {@code parts} in a multipart/mixed; the boundary differs per subject, for nesting. */
    static byte[] multipart(String subject, String... parts) {
        String boundary = "b-" + Integer.toHexString(subject.hashCode());
        StringBuilder sb = new StringBuilder(headers(subject)).append("Content-Type: multipart/mixed; boundary=\"")
                .append(boundary).append("\"\r\n\r\npreamble\r\n");
        for (String p : parts) {
            sb.append("--").append(boundary).append("\r\n").append(p).append("\r\n");
        }
        return sb.append("--").append(boundary).append("--\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A single-part text/plain message. */
    static byte[] plain(String subject, String body) {
        return (headers(subject) + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + crlf(body))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(String body) {
        return "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + crlf(body);
    }

    static String html(String body) {
        return "Content-Type: text/html; charset=us-ascii\r\n\r\n" + crlf(body);
    }

    static String quotedPrintable(String body) {
        return "Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + crlf(body);
    }

    static String attachment(String name, byte[] content) {
        return "Content-Type: application/octet-stream; name=\"" + name + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"" + name + "\"\r\n\r\n"
                + Base64.getMimeEncoder(76, new byte[]{'\r', '\n'}).encodeToString(content) + "\r\n";
    }

    static String attachedMessage(byte[] message) {
        return "Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"forwarded.eml\"\r\n\r\n"
                + new String(message, StandardCharsets.ISO_8859_1);
    }

    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] tarGz(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            for (var e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A uuencoded block ({@code begin 644 name} ... {@code end}), as old mailers put in text bodies. */
    static String uuencode(String name, byte[] content) {
        StringBuilder sb = new StringBuilder("begin 644 ").append(name).append("\r\n");
        for (int i = 0; i < content.length; i += 45) {
            int n = Math.min(45, content.length - i);
            sb.append((char) (' ' + n));
            for (int j = i; j < i + n; j += 3) {
                int b0 = content[j] & 0xFF;
                int b1 = j + 1 < i + n ? content[j + 1] & 0xFF : 0;
                int b2 = j + 2 < i + n ? content[j + 2] & 0xFF : 0;
                sb.append(uu(b0 >> 2)).append(uu(((b0 << 4) | (b1 >> 4)) & 63))
                        .append(uu(((b1 << 2) | (b2 >> 6)) & 63)).append(uu(b2 & 63));
            }
            sb.append("\r\n");
        }
        return sb.append("`\r\nend\r\n").toString();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static char uu(int sixBits) {
        return sixBits == 0 ? '`' : (char) (' ' + sixBits);
    }

    private static String headers(String subject) {
        return "From: sender@example.net\r\nTo: user@example.org\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@example.net>\r\nMIME-Version: 1.0\r\n";
    }

    private static String crlf(String s) {
        return s.replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
