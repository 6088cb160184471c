package dev.mamori.core.scan.content;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an item sits, rendered {@code message › part 2 › invoice.zip › a.exe}: a MIME part shows its number and, when
 * it has one, its file name; an archive member shows its entry name. {@link #depth()} counts containers, not
 * segments: {@code invoice.zip} above is at depth 1, {@code a.exe} at depth 2.
 *
 * <p>Segments come from untrusted names, so control characters are replaced and each segment is capped: a path ends
 * up in log lines and notice headers.
 */
public record ContentPath(List<String> segments, int depth) {
    public static final String SEPARATOR = " \u203a ";
    private static final int MAX_SEGMENT = 200;

    public ContentPath {
        segments = List.copyOf(segments);
        if (segments.isEmpty() || depth < 0) {
            throw new IllegalArgumentException("a path has at least one segment and a depth of 0 or more");
        }
    }

    /** The root: the whole message. */
    public static ContentPath message() {
        return new ContentPath(List.of("message"), 0);
    }

    /** A MIME part one level down: {@code part 2.1}, followed by its file name when it has one. */
    public ContentPath part(String number, String fileName) {
        List<String> out = new ArrayList<>(segments);
        out.add("part " + clean(number));
        if (fileName != null && !fileName.isBlank()) {
            out.add(clean(fileName));
        }
        return new ContentPath(out, depth + 1);
    }

    /** A member of an archive or the output of a compressed stream, one level down. */
    public ContentPath member(String name) {
        List<String> out = new ArrayList<>(segments);
        out.add(clean(name));
        return new ContentPath(out, depth + 1);
    }

    public String last() {
        return segments.getLast();
    }

    public String render() {
        return String.join(SEPARATOR, segments);
    }

    @Override
    public String toString() {
        return render();
    }

    private static String clean(String segment) {
        if (segment == null || segment.isBlank()) {
            return "(unnamed)";
        }
        StringBuilder sb = new StringBuilder(Math.min(segment.length(), MAX_SEGMENT + 1));
        segment.codePoints().limit(MAX_SEGMENT)
                .forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        if (segment.codePointCount(0, segment.length()) > MAX_SEGMENT) {
            sb.append('\u2026');
        }
        return sb.toString();
    }
}
