package dev.mamori.pop3.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test messages built at run time: no malware, and not even the EICAR file, is committed to the repository. */
final class TestCorpus {
    private TestCorpus() {
    }

    /** The 68-byte EICAR anti-malware test file, assembled from parts so no file in the repository is "infected". */
    static byte[] eicar() {
        String s = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!" + "$H+H*";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(content);
            z.closeEntry();
        }
        return out.toByteArray();
    }

    static String withAttachment(String subject, String fileName, String mimeType, byte[] content) {
        return "From: sender@example.net\r\nTo: alice@example.com\r\nSubject: " + subject + "\r\n"
                + "Message-ID: <" + subject.replace(' ', '-') + "@example.net>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"=_b\"\r\n\r\n"
                + "--=_b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee attachment.\r\n"
                + "--=_b\r\nContent-Type: " + mimeType + "; name=\"" + fileName + "\"\r\n"
                + "Content-Disposition: attachment; filename=\"" + fileName + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder(76, "\r\n".getBytes()).encodeToString(content) + "\r\n--=_b--\r\n";
    }

    static String withForwardedMessage(String subject, String inner) {
        return "From: sender@example.net\r\nTo: alice@example.com\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"=_outer\"\r\n\r\n"
                + "--=_outer\r\nContent-Type: text/plain\r\n\r\nForwarded.\r\n"
                + "--=_outer\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"fwd.eml\"\r\n\r\n"
                + inner + "\r\n--=_outer--\r\n";
    }
}
