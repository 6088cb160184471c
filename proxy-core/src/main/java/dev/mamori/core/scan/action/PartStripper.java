package dev.mamori.core.scan.action;

import dev.mamori.core.scan.MessageSource;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.field.Fields;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.MimeConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replaces single parts of a message (by IMAP-style part number: {@code 2}, {@code 2.1}) with a short text notice,
 * keeping every other part. Uses the mime4j DOM: only messages that policy changes are parsed this way, and the whole
 * message is rewritten, so unchanged parts may differ in encoding details (never in content).
 */
final class PartStripper {
    private PartStripper() {
    }

    /** Empty when a part cannot be found or the message cannot be parsed: the caller replaces the whole message. */
    static Optional<byte[]> strip(MessageSource original, Map<String, List<String>> parts, String quarantineId)
            throws IOException {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        Message message;
        try (InputStream in = original.openStream()) {
            message = builder.parseMessage(in);
        } catch (org.apache.james.mime4j.MimeIOException e) {
            return Optional.empty();
        }
        BasicBodyFactory bodies = new BasicBodyFactory();
        for (Map.Entry<String, List<String>> part : parts.entrySet()) {
            Entity entity = find(message, part.getKey());
            if (entity == null || entity == message) {
                return Optional.empty();
            }
            String name = fileName(entity);
            Body old = entity.removeBody();
            if (old != null) {
                old.dispose();
            }
            for (String field : List.of("Content-Type", "Content-Transfer-Encoding", "Content-Disposition",
                    "Content-ID", "Content-Description", "Content-MD5", "Content-Location")) {
                entity.getHeader().removeFields(field);
            }
            entity.getHeader().setField(Fields.contentType("text/plain", Map.of("charset", "UTF-8")));
            entity.getHeader().setField(Fields.contentTransferEncoding("quoted-printable"));
            entity.getHeader().setField(Fields.contentDisposition("inline"));
            entity.setBody(bodies.textBody(notice(name, part.getValue(), quarantineId), StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DefaultMessageWriter().writeMessage(message, out);
        message.dispose();
        return Optional.of(out.toByteArray());
    }

    /** The entity with IMAP part number {@code number} of the top-level message (not of attached messages). */
    static Entity find(Message message, String number) {
        Entity current = message;
        for (String step : number.split("\\.")) {
            int index;
            try {
                index = Integer.parseInt(step) - 1;
            } catch (NumberFormatException e) {
                return null;
            }
            Body body = current.getBody();
            if (body instanceof Multipart mp) {
                if (index < 0 || index >= mp.getBodyParts().size()) {
                    return null;
                }
                current = mp.getBodyParts().get(index);
            } else if (index == 0 && current == message) {
                return null; // part 1 of a single-part message is the whole body: not a part to strip
            } else {
                return null;
            }
        }
        return current;
    }

    private static String fileName(Entity e) {
        String name = e.getFilename();
        return name == null || name.isBlank() ? "(an unnamed part)" : name;
    }

    static String notice(String name, List<String> reasons, String quarantineId) {
        StringBuilder b = new StringBuilder();
        b.append("Mamori, the mail scanner of your organisation, removed the attachment ").append(name)
                .append(" from this message.\r\n\r\nWhat was found:\r\n");
        for (String r : reasons) {
            b.append("  - ").append(r).append("\r\n");
        }
        b.append("\r\n");
        if (quarantineId != null) {
            b.append("The original message is kept in quarantine under the id ").append(quarantineId).append(".\r\n")
                    .append("If you need the attachment, ask your administrator to release it, quoting that id.\r\n");
        }
        return b.toString();
    }
}
