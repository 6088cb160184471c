package dev.mamori.core.scan.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.mamori.core.scan.content.Mime.attachment;
import static dev.mamori.core.scan.content.Mime.bytes;
import static dev.mamori.core.scan.content.Mime.message;
import static dev.mamori.core.scan.content.Mime.multipart;
import static dev.mamori.core.scan.content.Mime.multipartHeader;
import static dev.mamori.core.scan.content.Mime.part;
import static dev.mamori.core.scan.content.Mime.text;
import static org.assertj.core.api.Assertions.assertThat;

class MessageWalkerMimeTest {
    @TempDir
    Path temp;

    @Test
    void singlePartMessageIsTheMessageAndOnePart() throws Exception {
        Collected c = Collected.walk(bytes(message("Content-Type: text/plain", "hello\r\n")), temp);
        assertThat(c.paths()).containsExactly("message", "message › part 1");
        assertThat(c.at("message").depth()).isZero();
        assertThat(c.at("message › part 1").text()).isEqualTo("hello\r\n");
        assertThat(c.at("message › part 1").mime()).isEqualTo("text/plain");
        assertThat(c.result.findings()).isEmpty();
        assertThat(c.result.complete()).isTrue();
    }

    @Test
    void nestedMultipartsAreNumberedLikeImap() throws Exception {
        String alternative = part(multipartHeader("alternative", "inner"), multipart("alternative", "inner",
                text("plain\r\n"), part("Content-Type: text/html", "<html><body>html</body></html>\r\n")));
        byte[] msg = bytes(message(multipartHeader("mixed", "outer"), multipart("mixed", "outer",
                alternative, attachment("application/octet-stream", "run.exe", Samples.pe()))));
        Collected c = Collected.walk(msg, temp);
        assertThat(c.paths()).containsExactly("message", "message › part 1.1", "message › part 1.2",
                "message › part 2 › run.exe");
        assertThat(c.at("message › part 1.2").type()).isEqualTo(FileType.HTML);
        Collected.Seen exe = c.at("message › part 2 › run.exe");
        assertThat(exe.type()).isEqualTo(FileType.PE);
        assertThat(exe.name()).isEqualTo("run.exe");
        assertThat(exe.depth()).isEqualTo(1);
        assertThat(exe.size()).isEqualTo(Samples.pe().length);
        assertThat(c.result.findings()).isEmpty();
    }

    @Test
    void attachedMessagesAreWalkedAsMessages() throws Exception {
        byte[] inner = bytes(message(multipartHeader("mixed", "in"), multipart("mixed", "in",
                text("inner text\r\n"), attachment("application/octet-stream", "eicar.com", Samples.eicar()))));
        String forwarded = part("Content-Type: message/rfc822; name=\"fwd.eml\"", new String(inner, java.nio.charset.StandardCharsets.UTF_8));
        byte[] msg = bytes(message(multipartHeader("mixed", "out"), multipart("mixed", "out", text("see below\r\n"), forwarded)));
        Collected c = Collected.walk(msg, temp);
        assertThat(c.paths()).containsExactly("message", "message › part 1", "message › part 2 › fwd.eml",
                "message › part 2 › fwd.eml › part 1", "message › part 2 › fwd.eml › part 2 › eicar.com");
        assertThat(c.at("message › part 2 › fwd.eml › part 2 › eicar.com").head()).isEqualTo(Samples.eicar());
        assertThat(c.at("message › part 2 › fwd.eml › part 2 › eicar.com").depth()).isEqualTo(2);
    }

    @Test
    void base64EncodedAttachedMessageIsDecodedThenWalked() throws Exception {
        byte[] inner = bytes(message("Content-Type: application/octet-stream; name=x.bin\r\nContent-Transfer-Encoding: base64",
                Mime.base64(Samples.elf())));
        byte[] msg = bytes(message(multipartHeader("mixed", "b"), multipart("mixed", "b",
                part("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64", Mime.base64(inner)))));
        Collected c = Collected.walk(msg, temp);
        assertThat(c.at("message › part 1 › part 1 › x.bin").type()).isEqualTo(FileType.ELF);
    }

    @Test
    void quotedPrintableIsDecoded() throws Exception {
        byte[] msg = bytes(message("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable",
                "caf=C3=A9 =E2=82=AC soft=\r\nbreak\r\n"));
        Collected c = Collected.walk(msg, temp);
        assertThat(new String(c.at("message › part 1").head(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("café € softbreak\r\n");
    }

    @Test
    void brokenBase64IsDecodedAsFarAsPossibleAndReported() throws Exception {
        String good = Mime.base64(Samples.eicar()).replace("\r\n", "");
        String broken = good.substring(0, 20) + "!!**" + good.substring(20) + "====garbage";
        byte[] msg = bytes(message("Content-Type: application/octet-stream; name=x.com\r\nContent-Transfer-Encoding: base64",
                broken + "\r\n"));
        Collected c = Collected.walk(msg, temp);
        assertThat(c.at("message › part 1 › x.com").text()).startsWith(new String(Samples.eicar(), 0, 60,
                java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(c.result.findings(Finding.Kind.MALFORMED_MIME)).isNotEmpty();
        assertThat(c.result.complete()).isTrue();
    }

    @Test
    void rfc2047NamesAreDecoded() throws Exception {
        byte[] msg = bytes(message(multipartHeader("mixed", "b"), multipart("mixed", "b", part(
                "Content-Type: application/octet-stream; name=\"=?UTF-8?B?0YHRh9C10YIuZXhl?=\"\r\n"
                        + "Content-Transfer-Encoding: base64", Mime.base64(Samples.pe())))));
        Collected c = Collected.walk(msg, temp);
        assertThat(c.items.get(1).name()).isEqualTo("счет.exe");
    }

    @Test
    void rfc2231NamesAndContinuationsAreDecoded() throws Exception {
        byte[] msg = bytes(message(multipartHeader("mixed", "b"), multipart("mixed", "b",
                part("Content-Type: text/plain\r\nContent-Disposition: attachment; filename*=UTF-8''%e2%82%ac.txt", "a\r\n"),
                part("Content-Type: text/plain\r\nContent-Disposition: attachment;\r\n filename*0*=UTF-8''%e2%82;\r\n"
                        + " filename*1*=%ac%20rate;\r\n filename*2=\".pdf.exe\"", "b\r\n"),
                part("Content-Type: text/plain; name*=iso-8859-1'de'Gr%FC%DFe.txt", "c\r\n"))));
        Collected c = Collected.walk(msg, temp);
        assertThat(c.items.stream().skip(1).map(Collected.Seen::name))
                .containsExactly("€.txt", "€ rate.pdf.exe", "Grüße.txt");
        assertThat(c.paths()).contains("message › part 2 › € rate.pdf.exe");
    }

    @Test
    void rawUtf8NamesAreKept() throws Exception {
        byte[] msg = bytes(message(multipartHeader("mixed", "b"), multipart("mixed", "b",
                part("Content-Type: text/plain\r\nContent-Disposition: attachment; filename=\"Grüße €.txt\"", "x\r\n"))));
        Collected c = Collected.walk(msg, temp);
        assertThat(c.items.get(1).name()).isEqualTo("Grüße €.txt");
    }

    @Test
    void uuencodedBlocksInTextBecomeItems() throws Exception {
        String uu = "Here is the file:\r\n\r\nbegin 644 tool.exe\r\n" + uuencode(Samples.pe()) + "`\r\nend\r\nbye\r\n";
        String b64 = "begin-base64 600 notes.txt\r\n" + java.util.Base64.getEncoder().encodeToString(bytes("note")) + "\r\n====\r\n";
        byte[] msg = bytes(message("Content-Type: text/plain", uu + b64));
        Collected c = Collected.walk(msg, temp);
        assertThat(c.paths()).containsExactly("message", "message › part 1", "message › part 1 › tool.exe",
                "message › part 1 › notes.txt");
        assertThat(c.at("message › part 1 › tool.exe").head()).isEqualTo(Samples.pe());
        assertThat(c.at("message › part 1 › tool.exe").type()).isEqualTo(FileType.PE);
        assertThat(c.at("message › part 1 › notes.txt").text()).isEqualTo("note");
        assertThat(c.result.findings()).isEmpty();
    }

    @Test
    void uuencodedBlockWithoutEndIsScannedAndReported() throws Exception {
        byte[] msg = bytes(message("Content-Type: text/plain", "begin 644 cut.exe\r\n" + uuencode(Samples.pe())));
        Collected c = Collected.walk(msg, temp);
        assertThat(c.at("message › part 1 › cut.exe").head()).isEqualTo(Samples.pe());
        assertThat(c.findings()).anyMatch(f -> f.startsWith("MALFORMED_MIME: uuencoded block without an end line"));
    }

    @Test
    void unterminatedMultipartIsReportedAndItsPartsStillScanned() throws Exception {
        String body = "--b\r\nContent-Type: text/plain\r\n\r\nfirst\r\n--b\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Mime.base64(Samples.elf());
        Collected c = Collected.walk(bytes(message(multipartHeader("mixed", "b"), body)), temp);
        assertThat(c.at("message › part 2").type()).isEqualTo(FileType.ELF);
        assertThat(c.result.findings(Finding.Kind.MALFORMED_MIME)).isNotEmpty();
    }

    @Test
    void missingBoundaryReadsTheBodyAsOnePart() throws Exception {
        Collected c = Collected.walk(bytes(message("Content-Type: multipart/mixed",
                "--x\r\nContent-Type: text/plain\r\n\r\nhello\r\n--x--\r\n")), temp);
        assertThat(c.paths()).containsExactly("message", "message › part 1");
        assertThat(c.findings()).anyMatch(f -> f.contains("multipart without a boundary"));
    }

    @Test
    void headerGarbageIsToleratedAndReported() throws Exception {
        byte[] msg = bytes("From: a@example.net\r\n\u0001\u0002 not a header at all\r\nContent-Type: text/plain\r\n"
                + "Content-Transfer-Encoding: base-sixty-four\r\n\r\nbody\r\n");
        Collected c = Collected.walk(msg, temp);
        assertThat(c.items).isNotEmpty();
        assertThat(c.result.findings(Finding.Kind.MALFORMED_MIME)).isNotEmpty();
    }

    @Test
    void headersOnlyAndEmptyMessagesDoNotFail() throws Exception {
        assertThat(Collected.walk(new byte[0], temp).items).extracting(Collected.Seen::path).startsWith("message");
        assertThat(Collected.walk(bytes("Subject: no body"), temp).result.complete()).isTrue();
    }

    @Test
    void deepMultipartNestingIsALimit() throws Exception {
        StringBuilder sb = new StringBuilder();
        int levels = 40;
        for (int i = 0; i < levels; i++) {
            sb.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=b").append(i + 1).append("\r\n\r\n");
        }
        sb.append("--b").append(levels).append("\r\nContent-Type: text/plain\r\n\r\ndeep\r\n");
        Collected c = Collected.walk(bytes(message("Content-Type: multipart/mixed; boundary=b0", sb.toString())), temp);
        assertThat(c.result.unscannableReason()).hasValueSatisfying(r -> assertThat(r).contains("max nesting depth"));
    }

    @Test
    void walkOfAMessageSourceReadsTheSpoolWithoutCopying() throws Exception {
        byte[] msg = Mime.withAttachment("a.exe", Samples.pe());
        Collected c = new Collected();
        c.result = new MessageWalker(ScanLimits.defaults(), new ItemStorage(temp)).walk(new dev.mamori.core.scan.MessageSource() {
            @Override
            public java.io.InputStream openStream() {
                return new java.io.ByteArrayInputStream(msg);
            }

            @Override
            public long size() {
                return msg.length;
            }
        }, c);
        assertThat(c.at("message").size()).isEqualTo(msg.length);
        assertThat(c.at("message › part 2 › a.exe").type()).isEqualTo(FileType.PE);
    }

    static String uuencode(byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (int off = 0; off < data.length; off += 45) {
            int n = Math.min(45, data.length - off);
            sb.append((char) (' ' + n));
            for (int i = 0; i < n; i += 3) {
                int b0 = data[off + i] & 0xFF;
                int b1 = i + 1 < n ? data[off + i + 1] & 0xFF : 0;
                int b2 = i + 2 < n ? data[off + i + 2] & 0xFF : 0;
                int[] six = {b0 >> 2, (b0 & 3) << 4 | b1 >> 4, (b1 & 15) << 2 | b2 >> 6, b2 & 63};
                for (int s : six) {
                    sb.append(s == 0 ? '`' : (char) (' ' + s));
                }
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }
}
