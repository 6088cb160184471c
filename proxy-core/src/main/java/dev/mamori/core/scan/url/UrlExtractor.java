package dev.mamori.core.scan.url;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.content.FileType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the URLs a reader could follow in a text or HTML item: {@code http://}, {@code https://}, {@code ftp://} and
 * {@code www.} tokens in the text, and the values of link-bearing attributes ({@code href}, {@code src},
 * {@code action}...) in HTML, HTML references decoded first. Each URL comes back once, normalised ({@link WebUrl}).
 *
 * <p>Bounded: only the first {@link Limits#maxBytes()} bytes of an item are read and extraction stops at
 * {@link Limits#maxUrls()} distinct URLs, so a mail made of links costs the same as a short one. Immutable and
 * thread-safe.
 */
public final class UrlExtractor {
    /**
     * @param maxUrls  distinct URLs taken from one item
     * @param maxBytes bytes of one item examined, from its start
     */
    public record Limits(int maxUrls, int maxBytes) {
        public Limits {
            if (maxUrls < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("URL extraction limits must be positive");
            }
        }

        /** 1,000 URLs and 2 MiB: more than any real newsletter, far less than an attacker's padding. */
        public static Limits defaults() {
            return new Limits(1000, 2 * 1024 * 1024);
        }
    }

    private static final Pattern SCHEME_URL = Pattern.compile(
            "(?i)\\b(?:https?|ftp):[/\\\\]{1,3}[^\\s<>\"'`{}|^\\u00A0\\u3000]++");
    private static final Pattern WWW_URL = Pattern.compile(
            "(?i)(?<![\\w@.\\-/])www\\d{0,3}\\.[^\\s<>\"'`{}|^\\u00A0\\u3000]++");
    private static final Pattern LINK_ATTRIBUTE = Pattern.compile(
            "(?i)[\\s\"'/](?:href|src|action|formaction|background|poster|data)\\s*+=\\s*+"
                    + "(?:\"([^\"]*+)\"|'([^']*+)'|([^\\s\"'>]++))");

    private final Limits limits;

    public UrlExtractor(Limits limits) {
        this.limits = limits;
    }

    public UrlExtractor() {
        this(Limits.defaults());
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Items whose text a reader sees: decoded text and HTML parts and attachments. The whole message (depth 0) and
     * attached messages are skipped: their raw text repeats their parts still transfer-encoded.
     */
    public static boolean accepts(ContentItem item) {
        if (item.depth() == 0 || item.declaredMimeType().filter(t -> t.startsWith("message/")).isPresent()) {
            return false;
        }
        FileType t = item.detectedType();
        return t == FileType.TEXT || t == FileType.HTML || t == FileType.HTA || t == FileType.SVG;
    }

    /** The URLs in an accepted item, in order of first appearance; empty for items {@link #accepts} refuses. */
    public List<WebUrl> extract(ContentItem item) throws IOException {
        if (!accepts(item)) {
            return List.of();
        }
        byte[] head = item.read(0, limits.maxBytes());
        // URLs are ASCII or UTF-8 (IDN) whatever the part's charset; a broken sequence only costs that character
        String text = new String(head, StandardCharsets.UTF_8);
        return extract(text, item.detectedType() != FileType.TEXT);
    }

    /** The URLs in {@code text}; {@code html} adds attribute values and decodes character references. */
    public List<WebUrl> extract(String text, boolean html) {
        String s = text.length() > limits.maxBytes() ? text.substring(0, limits.maxBytes()) : text;
        Map<String, WebUrl> found = new LinkedHashMap<>();
        if (html) {
            Matcher m = LINK_ATTRIBUTE.matcher(s);
            while (m.find() && found.size() < limits.maxUrls()) {
                String value = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                add(found, HtmlEntities.decode(value).strip());
            }
            s = HtmlEntities.decode(s);
        }
        tokens(SCHEME_URL, s, found);
        tokens(WWW_URL, s, found);
        return List.copyOf(found.values());
    }

    private void tokens(Pattern p, String s, Map<String, WebUrl> found) {
        Matcher m = p.matcher(s);
        while (found.size() < limits.maxUrls() && m.find()) {
            add(found, trimTrailing(m.group()));
        }
    }

    private void add(Map<String, WebUrl> found, String candidate) {
        if (found.size() < limits.maxUrls()) {
            WebUrl.parse(candidate).ifPresent(u -> found.putIfAbsent(u.normalised(), u));
        }
    }

    /**
     * Drops what ends a sentence rather than the URL: {@code see http://a.example/x.} or {@code (http://a.example)};
     * a closing bracket stays when it closes one inside the URL ({@code http://en.wikipedia.org/wiki/A_(b)}).
     */
    static String trimTrailing(String url) {
        String u = url;
        while (!u.isEmpty()) {
            char c = u.charAt(u.length() - 1);
            boolean drop = switch (c) {
                case '.', ',', ';', ':', '!', '?', '*', '\'', '"', '\u00BB', '\u201D', '\u2019' -> true;
                case ')' -> count(u, '(') < count(u, ')');
                case ']' -> count(u, '[') < count(u, ']');
                default -> false;
            };
            if (!drop) {
                break;
            }
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
