package dev.mamori.core.scan.content;

import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.ContentUtil;
import org.apache.james.mime4j.stream.ParserCursor;

import java.util.List;
import java.util.Locale;

/**
 * The headers of one MIME entity that matter for naming it: Content-Type, Content-Disposition and
 * Content-Transfer-Encoding. mime4j's body descriptor gives the effective type and encoding; the file name it does not
 * give, so it is taken here, preferring the disposition's {@code filename} over the type's {@code name}.
 */
final class PartHeaders {
    private RawBody contentType;
    private RawBody disposition;
    private String transferEncoding;

    void add(Field field) {
        String name = field.getName();
        if (name == null) {
            return;
        }
        switch (name.toLowerCase(Locale.ROOT)) {
            case "content-type" -> contentType = contentType != null ? contentType : parse(field);
            case "content-disposition" -> disposition = disposition != null ? disposition : parse(field);
            case "content-transfer-encoding" -> transferEncoding = field.getBody() == null ? null
                    : field.getBody().trim().toLowerCase(Locale.ROOT);
            default -> {
                // other headers do not name the part
            }
        }
    }

    /** The declared file name, decoded; null when the sender gave none. */
    String fileName() {
        String name = disposition == null ? null : MimeParameters.value(disposition.getParams(), "filename");
        if (name == null && contentType != null) {
            name = MimeParameters.value(contentType.getParams(), "name");
        }
        return name == null || name.isBlank() ? null : name.strip();
    }

    /** The Content-Type value as written, lower case; null when absent. */
    String declaredType() {
        return contentType == null || contentType.getValue() == null ? null
                : contentType.getValue().trim().toLowerCase(Locale.ROOT);
    }

    String transferEncoding() {
        return transferEncoding;
    }

    boolean declaresMultipartWithoutBoundary() {
        String type = declaredType();
        return type != null && type.startsWith("multipart/") && (contentType.getParams().stream()
                .noneMatch(p -> "boundary".equalsIgnoreCase(p.getName()) && p.getValue() != null && !p.getValue().isEmpty()));
    }

    private static RawBody parse(Field field) {
        if (field instanceof RawField raw) {
            return RawFieldParser.DEFAULT.parseRawBody(raw);
        }
        String body = field.getBody() == null ? "" : field.getBody();
        ByteSequence bytes = ContentUtil.encode(body);
        return RawFieldParser.DEFAULT.parseRawBody(bytes, new ParserCursor(0, bytes.length()));
    }

    static boolean isMessage(String mimeType) {
        return "message/rfc822".equals(mimeType) || "message/global".equals(mimeType);
    }

    static final List<String> KNOWN_ENCODINGS = List.of("7bit", "8bit", "binary", "base64", "quoted-printable",
            "x-uuencode", "x-uue", "uuencode");
}
