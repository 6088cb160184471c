package dev.mamori.core.scan.action;

import dev.mamori.core.scan.policy.PolicyCategory;
import dev.mamori.core.scan.policy.PolicyDecision;
import org.apache.james.mime4j.codec.QuotedPrintableOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The message a recipient gets instead of one Mamori withheld: the original's headers (so it sorts, threads and
 * replies like the original), the subject tagged, {@code X-Mamori-*} fields, and a plain-text body saying in the
 * user's words what was removed, why, and the quarantine id to quote when asking for it.
 */
public final class NoticeMessage {
    /** Fields describing the original body: dropped, the notice has its own. */
    private static final Set<String> BODY_FIELDS = Set.of("content-type", "content-transfer-encoding", "mime-version",
            "content-disposition", "content-id", "content-description", "content-length", "content-md5");

    private NoticeMessage() {
    }

    /** Only the original's headers are needed: the notice keeps them and nothing of the body. */
    public static ModifiedMessage build(HeaderBlock headers, PolicyDecision decision, String subjectTemplate,
                                        String quarantineId) throws IOException {
        String eol = "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String f : MamoriHeaders.fields(decision, quarantineId, eol)) {
            out.writeBytes(HeaderBlock.bytes(f));
        }
        String tag = MamoriHeaders.ascii(SubjectTag.of(subjectTemplate, decision));
        boolean subjectSeen = false;
        for (HeaderBlock.Field f : headers.fields()) {
            if (BODY_FIELDS.contains(HeaderBlock.lower(f.name()))) {
                continue;
            }
            String raw = f.raw().endsWith("\n") ? f.raw() : f.raw() + eol;
            if (f.is("Subject") && !subjectSeen) {
                out.writeBytes(HeaderBlock.bytes(SubjectTag.field(new HeaderBlock.Field(f.name(), raw), tag, eol)));
                subjectSeen = true;
            } else {
                out.writeBytes(HeaderBlock.bytes(raw));
            }
        }
        if (!subjectSeen) {
            out.writeBytes(HeaderBlock.bytes(SubjectTag.field(null, tag, eol)));
        }
        out.writeBytes(HeaderBlock.bytes("MIME-Version: 1.0" + eol
                + "Content-Type: text/plain; charset=UTF-8" + eol
                + "Content-Transfer-Encoding: quoted-printable" + eol + eol));
        byte[] text = text(decision, quarantineId, headers).getBytes(StandardCharsets.UTF_8);
        try (OutputStream qp = new QuotedPrintableOutputStream(new NonClosing(out), false)) {
            qp.write(text);
        }
        out.writeBytes(HeaderBlock.bytes(eol));
        return ModifiedMessage.whole(out.toByteArray());
    }

    static String text(PolicyDecision decision, String quarantineId, HeaderBlock headers) {
        String what = decision.categories().stream().map(PolicyCategory::label).collect(Collectors.joining(", "));
        StringBuilder b = new StringBuilder();
        b.append("Mamori, the mail scanner of your organisation, withheld this message because it contains ")
                .append(article(what)).append(what).append(".\r\n\r\n");
        b.append("What was found:\r\n");
        for (String r : decision.reasons()) {
            b.append("  - ").append(r).append("\r\n");
        }
        b.append("\r\nThe original message:\r\n");
        append(b, "From", headers.decoded("From"));
        append(b, "Date", headers.decoded("Date"));
        append(b, "Subject", headers.decoded("Subject"));
        append(b, "Message-ID", headers.decoded("Message-ID"));
        b.append("\r\n");
        if (quarantineId != null) {
            b.append("The original is kept in quarantine under the id ").append(quarantineId).append(".\r\n")
                    .append("If you expected this message and need it, ask your administrator to release it,\r\n")
                    .append("quoting that id. Do not ask the sender to send it again in another form.\r\n");
        } else {
            b.append("The original was not kept.\r\n");
        }
        return b.toString();
    }

    private static String article(String what) {
        return what.matches("(?i)^[aeiou].*") ? "an " : "a ";
    }

    private static void append(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append("  ").append(name).append(": ").append(value.length() > 200 ? value.substring(0, 200) + "..." : value).append("\r\n");
        }
    }

    /** The QP stream closes its target on close; the buffer must stay usable. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
