package dev.mamori.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replaces the value of one key path in a YAML configuration text, leaving every other line byte-identical (comments,
 * blank lines, quoting, line endings). The settings editors use it to change one section of the file an administrator
 * wrote by hand without reformatting the rest of it.
 *
 * <p>The new value is written in block style by Jackson YAML, indented like the key it replaces and with the file's
 * line ending; a comment at the end of the key's line stays there. A missing path is created at the end of its deepest
 * existing parent. The text is only understood as far
 * as block mappings go: a parent on the path written in flow style ({@code {..}}, {@code [..]}), a value with an
 * anchor, alias, tag or block scalar, a flow value spread over several lines, a quoted key, or a key inside a sequence
 * is refused with an {@link IllegalArgumentException} rather than guessed at. A flow value complete on the key's own
 * line ({@code virus: [replace, quarantine]}) is replaced like a scalar. Comments inside the replaced block go with it; comments after its last line stay.
 *
 * <p>This class only edits text: whether the result is a valid configuration is for {@link ConfigLoader} (the server)
 * to decide.
 */
public final class ConfigText {
    private static final ObjectMapper WRITER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private ConfigText() {
    }

    /**
     * The text with the value at {@code path} replaced by {@code value} (anything Jackson serialises: maps, lists,
     * strings, numbers, records with {@code @JsonValue}).
     *
     * @throws IllegalArgumentException when the path is empty, or the text at the path is not safely replaceable
     */
    public static String replace(String yaml, List<String> path, Object value) {
        Objects.requireNonNull(yaml, "yaml");
        String eol = yaml.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = splitKeepingEnds(yaml);
        Location where = locate(lines, path);
        if (where instanceof Missing m) {
            Object nested = value;
            for (int i = path.size() - 1; i > m.depth(); i--) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put(path.get(i), nested);
                nested = one;
            }
            String block = serialise(path.get(m.depth()), nested, m.indent(), eol);
            int insertAt = m.insertAt();
            if (insertAt > 0 && !endsWithNewline(lines.get(insertAt - 1))) {
                lines.set(insertAt - 1, lines.get(insertAt - 1) + eol);
            }
            lines.add(insertAt, block);
            return String.join("", lines);
        }
        Found f = (Found) where;
        String block = serialise(path.getLast(), value, f.indent(), eol);
        String comment = trailingComment(lines.get(f.at()), f.indent() + path.getLast().length() + 1);
        if (!comment.isEmpty()) {
            // the comment on the key's line stays on it
            int firstEol = block.indexOf(eol);
            block = block.substring(0, firstEol) + comment + block.substring(firstEol);
        }
        if (!endsWithNewline(lines.get(f.end() - 1))) {
            block = block.substring(0, block.length() - eol.length());
        }
        lines.subList(f.at(), f.end()).clear();
        lines.add(f.at(), block);
        return String.join("", lines);
    }

    /**
     * The text without the key at {@code path} and its value; unchanged when the path is not there. Refused like
     * {@link #replace} when the text on the way is not safely editable.
     */
    public static String remove(String yaml, List<String> path) {
        Objects.requireNonNull(yaml, "yaml");
        List<String> lines = splitKeepingEnds(yaml);
        if (locate(lines, path) instanceof Found f) {
            lines.subList(f.at(), f.end()).clear();
        }
        return String.join("", lines);
    }

    private sealed interface Location permits Found, Missing {
    }

    /** The key line and one past the value's last line, and the key's indentation. */
    private record Found(int at, int end, int indent) implements Location {
    }

    /** The first missing key of the path, where to insert it and with which indentation. */
    private record Missing(int depth, int insertAt, int indent) implements Location {
    }

    private static Location locate(List<String> lines, List<String> path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("the key path is empty");
        }
        int from = 0;
        int to = lines.size();
        int parentIndent = -1;
        for (int depth = 0; depth < path.size(); depth++) {
            String key = path.get(depth);
            int childIndent = childIndent(lines, from, to, parentIndent);
            int at = findKey(lines, from, to, childIndent, key, path.subList(0, depth + 1));
            if (at < 0) {
                int insertAt = depth == 0 ? lines.size() : lastContentLine(lines, from, to) + 1;
                return new Missing(depth, insertAt, childIndent);
            }
            String inline = inlineValue(lines.get(at), childIndent, key);
            int end = blockEnd(lines, at, childIndent);
            if (depth == path.size() - 1) {
                if (!inline.isEmpty()) {
                    if (end > at + 1) {
                        refuseUnsafe(inline, path);
                        throw new IllegalArgumentException(where(path) + " has a value on its line and more below it: not safely replaceable");
                    }
                    // a flow collection complete on its own line is replaced like a scalar; anything else refused
                    if (!isSingleLineFlow(inline)) {
                        refuseUnsafe(inline, path);
                    }
                }
                return new Found(at, end, childIndent);
            }
            if (!inline.isEmpty()) {
                refuseUnsafe(inline, path.subList(0, depth + 1));
                throw new IllegalArgumentException(where(path.subList(0, depth + 1)) + " is not a block mapping (it has the value '" + inline + "')");
            }
            from = at + 1;
            to = end;
            parentIndent = childIndent;
        }
        throw new IllegalStateException("unreachable");
    }

    /** The whole text as one value in block style, as {@link #replace} writes it (for previews and tests). */
    public static String toYaml(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as YAML: " + e.getOriginalMessage(), e);
        }
    }

    private static String serialise(String key, Object value, int indent, String eol) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(key, value);
        String text = toYaml(one);
        StringBuilder out = new StringBuilder();
        String pad = " ".repeat(indent);
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            out.append(pad).append(line).append(eol);
        }
        return out.toString();
    }

    private static void refuseUnsafe(String inline, List<String> path) {
        char c = inline.charAt(0);
        switch (c) {
            case '[', '{' -> throw new IllegalArgumentException(where(path) + " is written in flow style ("
                    + inline + "): write it as a block to edit it here");
            case '&', '*', '!' -> throw new IllegalArgumentException(where(path) + " uses a YAML anchor, alias or tag: not safely replaceable");
            case '|', '>' -> throw new IllegalArgumentException(where(path) + " is a block scalar: not safely replaceable");
            default -> {
            }
        }
    }

    private static boolean isSingleLineFlow(String inline) {
        char open = inline.charAt(0);
        char close = open == '[' ? ']' : open == '{' ? '}' : 0;
        return close != 0 && inline.charAt(inline.length() - 1) == close;
    }

    private static String where(List<String> path) {
        return String.join(".", path);
    }

    /**
     * The indentation of the keys of a block mapping in lines {@code [from, to)}: the indentation of its first content
     * line, or the parent's plus two when it has none.
     */
    private static int childIndent(List<String> lines, int from, int to, int parentIndent) {
        for (int i = from; i < to; i++) {
            String l = lines.get(i);
            if (isContent(l)) {
                if (isDocumentMarker(l)) {
                    continue;
                }
                return indent(l);
            }
        }
        return parentIndent < 0 ? 0 : parentIndent + 2;
    }

    private static int findKey(List<String> lines, int from, int to, int indent, String key, List<String> path) {
        for (int i = from; i < to; i++) {
            String l = lines.get(i);
            if (!isContent(l) || indent(l) != indent || isDocumentMarker(l)) {
                continue;
            }
            String rest = stripEnd(l).substring(indent);
            if (rest.startsWith("- ") || rest.equals("-")) {
                throw new IllegalArgumentException(where(path.subList(0, path.size() - 1)) + " is a sequence, not a mapping: not safely replaceable");
            }
            if (rest.startsWith("\"" + key + "\"") || rest.startsWith("'" + key + "'") || rest.startsWith("? ")) {
                throw new IllegalArgumentException(where(path) + " is written with a quoted or complex key: not safely replaceable");
            }
            if (rest.startsWith(key + ":") && (rest.length() == key.length() + 1
                    || rest.charAt(key.length() + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The comment at the end of a line from {@code from} on, with the blanks before it ({@code "   # note"}); empty
     * when there is none. A {@code #} inside a quoted scalar does not start a comment.
     */
    static String trailingComment(String line, int from) {
        String text = stripEnd(line);
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && i > from && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
                int start = i;
                while (start > from && (text.charAt(start - 1) == ' ' || text.charAt(start - 1) == '\t')) {
                    start--;
                }
                return text.substring(start);
            }
        }
        return "";
    }

    /** What follows {@code key:} on its line, without a trailing comment; empty for a block value. */
    private static String inlineValue(String line, int indent, String key) {
        int from = indent + key.length() + 1;
        String text = stripEnd(line);
        String comment = trailingComment(line, from);
        return text.substring(from, text.length() - comment.strip().length()).strip();
    }

    /**
     * One past the last line of the value of the key on line {@code at}: content lines indented deeper than the key
     * (or sequence items at the key's indentation) and the comments and blank lines between them. Comments and blank
     * lines after the last such line belong to what follows.
     */
    private static int blockEnd(List<String> lines, int at, int keyIndent) {
        int last = at;
        for (int i = at + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!isContent(l)) {
                continue;
            }
            int ind = indent(l);
            String rest = stripEnd(l).substring(ind);
            boolean seqItem = ind == keyIndent && (rest.startsWith("- ") || rest.equals("-"));
            if (ind > keyIndent || seqItem) {
                last = i;
            } else {
                break;
            }
        }
        return last + 1;
    }

    private static int lastContentLine(List<String> lines, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (isContent(lines.get(i))) {
                return i;
            }
        }
        return from - 1;
    }

    private static boolean isContent(String line) {
        String s = line.strip();
        return !s.isEmpty() && !s.startsWith("#");
    }

    private static boolean isDocumentMarker(String line) {
        return line.startsWith("---") || line.startsWith("...");
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static boolean endsWithNewline(String line) {
        return line.endsWith("\n");
    }

    private static String stripEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    /** The lines of {@code text}, each with its line ending (the last one may have none). */
    private static List<String> splitKeepingEnds(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
