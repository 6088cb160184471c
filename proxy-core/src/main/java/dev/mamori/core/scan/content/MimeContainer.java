package dev.mamori.core.scan.content;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.io.MaxLineLimitException;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.MimeUtil;

import java.io.IOException;
import java.io.InputStream;

/**
 * Takes one RFC 5322 message apart with mime4j's pull parser: every leaf is decoded (base64 and quoted-printable,
 * tolerant of garbage) and emitted under its part number. Attached messages are not recursed into by mime4j
 * ({@code M_NO_RECURSE}) but emitted as items and walked as messages of their own, which also handles the
 * base64-encoded message/rfc822 parts real mailers send.
 *
 * <p>Parsing is lenient; what mime4j tolerates becomes {@link Finding.Kind#MALFORMED_MIME}. When it cannot go on
 * (a header beyond the bounds below), the parts read so far stand, the finding says parsing stopped, and the raw
 * message was still scanned as the root item.
 */
final class MimeContainer {
    /** Bounds for header parsing; bodies are streamed and bounded by {@link ScanLimits}. */
    private static final MimeConfig CONFIG = new MimeConfig.Builder()
            .setStrictParsing(false)
            .setMaxLineLen(-1)
            .setMaxHeaderCount(5_000)
            .setMaxHeaderLen(256 * 1024)
            .setMaxContentLen(-1)
            .build();

    private MimeContainer() {
    }

    static void walk(Walk walk, ContentBytes message, ContentPath messagePath) throws LimitExceededException {
        walk(walk, open(message), messagePath);
    }

    /** Walks the message read from {@code message}, which is closed at the end. */
    static void walk(Walk walk, InputStream message, ContentPath messagePath) throws LimitExceededException {
        MimeProblems problems = new MimeProblems();
        MimeTokenStream stream = new MimeTokenStream(CONFIG, problems, null); // null: mime4j's own descriptor builder
        stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
        PartNumbers numbers = new PartNumbers();
        PartHeaders headers = new PartHeaders();
        ContentPath where = messagePath;
        try (InputStream in = message) {
            stream.parse(in);
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                walk.budget().checkTime(where);
                switch (state) {
                    case T_START_HEADER -> headers = new PartHeaders();
                    case T_FIELD -> headers.add(stream.getField());
                    case T_START_BODYPART -> {
                        numbers.nextPart();
                        where = messagePath.part(numbers.current(), null);
                    }
                    case T_START_MULTIPART -> {
                        walk.budget().checkDepth(messagePath, numbers.nesting() + 1);
                        numbers.enterMultipart();
                    }
                    case T_END_MULTIPART -> numbers.leaveMultipart();
                    case T_BODY -> leaf(walk, stream, headers, messagePath.part(numbers.current(), headers.fileName()),
                            problems);
                    default -> {
                        // preamble, epilogue and end markers carry nothing to scan; the root item covers their bytes
                    }
                }
                problems.flushTo(walk, where);
            }
        } catch (MimeException | MaxLineLimitException e) {
            problems.flushTo(walk, where);
            walk.finding(Finding.Kind.MALFORMED_MIME, where, "parsing stopped: " + e.getMessage());
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
    }

    private static void leaf(Walk walk, MimeTokenStream stream, PartHeaders headers, ContentPath path,
                             MimeProblems problems) throws LimitExceededException {
        BodyDescriptor body = stream.getBodyDescriptor();
        String mimeType = body.getMimeType();
        if (headers.declaresMultipartWithoutBoundary()) {
            walk.finding(Finding.Kind.MALFORMED_MIME, path, "multipart without a boundary: read as one text part");
        }
        String encoding = headers.transferEncoding();
        if (encoding != null && !PartHeaders.KNOWN_ENCODINGS.contains(encoding)) {
            walk.finding(Finding.Kind.MALFORMED_MIME, path, "unknown transfer encoding '" + encoding
                    + "': scanned as sent");
        }
        Stored stored = walk.store(decoded(stream, body, problems), path, CompressionGuard.NONE);
        try (ItemBuffer buffer = stored.buffer()) {
            problems.flushTo(walk, path);
            if (stored.damage() != null) {
                walk.finding(Finding.Kind.MALFORMED_MIME, path, "body unreadable after " + buffer.size() + " bytes: "
                        + Damage.describe(stored.damage()));
            }
            walk.emit(path, headers.fileName(), mimeType, buffer, PartHeaders.isMessage(mimeType));
        }
    }

    /**
     * The body decoded as mime4j's {@link MimeTokenStream#getDecodedInputStream()} would, choosing the decoder by the
     * same tests: base64 through {@link LenientBase64InputStream} (same output and reports, many times faster),
     * quoted-printable through {@link LenientQuotedPrintableInputStream} (mime4j's output for the whole body, whatever
     * the pieces it arrives in); the identity encodings stay with mime4j.
     */
    private static InputStream decoded(MimeTokenStream stream, BodyDescriptor body, MimeProblems problems) {
        String encoding = body.getTransferEncoding();
        if (MimeUtil.isBase64Encoding(encoding)) {
            return new LenientBase64InputStream(stream.getInputStream(), problems);
        }
        if (MimeUtil.isQuotedPrintableEncoded(encoding)) {
            return new LenientQuotedPrintableInputStream(stream.getInputStream(), problems);
        }
        return stream.getDecodedInputStream();
    }

    private static InputStream open(ContentBytes bytes) {
        try {
            return bytes.open();
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
    }
}
