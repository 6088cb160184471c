package dev.mamori.core.scan.action;

import dev.mamori.core.scan.MessageSource;
import dev.mamori.core.scan.policy.PolicyDecision;

import java.io.ByteArrayOutputStream;

/**
 * Tags a message that is delivered: {@code X-Mamori-*} fields first, the subject prefixed, every other header field
 * and the whole body unchanged.
 */
public final class Tagger {
    private Tagger() {
    }

    /** {@code headers} are {@code original}'s, read once by the caller. */
    public static ModifiedMessage tag(MessageSource original, HeaderBlock headers, PolicyDecision decision,
                                      String subjectTemplate, String quarantineId) {
        String eol = headers.lineEnding();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (String f : MamoriHeaders.fields(decision, quarantineId, eol)) {
            head.writeBytes(HeaderBlock.bytes(f));
        }
        String tag = SubjectTag.of(subjectTemplate, decision);
        boolean subjectSeen = false;
        for (HeaderBlock.Field f : headers.fields()) {
            if (f.is("Subject") && !subjectSeen) {
                head.writeBytes(HeaderBlock.bytes(SubjectTag.field(f, MamoriHeaders.ascii(tag), eol)));
                subjectSeen = true;
            } else {
                head.writeBytes(HeaderBlock.bytes(f.raw()));
            }
        }
        if (!subjectSeen) {
            head.writeBytes(HeaderBlock.bytes(SubjectTag.field(null, MamoriHeaders.ascii(tag), eol)));
        }
        head.writeBytes(HeaderBlock.bytes(eol));
        return new ModifiedMessage(head.toByteArray(), original, headers.bodyOffset());
    }
}
