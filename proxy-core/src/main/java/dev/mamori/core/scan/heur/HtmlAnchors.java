package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.url.HtmlEntities;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The links of an HTML document with the text a reader sees on them: {@code <a href=...>text</a>}, the href and the
 * text with character references decoded, tags removed, format characters (zero-width, bidi, soft hyphens) dropped
 * and white space collapsed. A hand-written scan rather than one regular expression: each position is looked at a
 * bounded number of times, so hostile HTML (thousands of unclosed anchors) costs linear time.
 */
final class HtmlAnchors {
    record Anchor(String href, String text) {
    }

    private static final Pattern OPEN = Pattern.compile("(?i)<a(?=[\\s/>])");
    private static final Pattern CLOSE = Pattern.compile("(?i)</a\\s*>");
    private static final Pattern HREF = Pattern.compile(
            "(?i)(?:^|[\\s\"'/])href\\s*+=\\s*+(?:\"([^\"]*+)\"|'([^']*+)'|([^\\s\"'>]++))");
    private static final Pattern BREAKING_TAG = Pattern.compile("(?i)<(?:br|/?p|/?div|/?td|/?tr|/?li)\\b[^>]*+>");
    private static final Pattern TAG = Pattern.compile("<[^>]*+>");
    private static final int MAX_TEXT = 2048;

    private HtmlAnchors() {
    }

    static List<Anchor> find(String html, int maxLinks) {
        List<Anchor> out = new ArrayList<>();
        Matcher open = OPEN.matcher(html);
        Matcher close = CLOSE.matcher(html);
        int nextClose = -2; // -2: not searched yet, -1: none left
        int from = 0;
        while (out.size() < maxLinks && open.find(from)) {
            int attributesStart = open.end();
            int tagEnd = html.indexOf('>', attributesStart);
            if (tagEnd < 0) {
                break;
            }
            if (nextClose != -1 && nextClose < tagEnd) {
                nextClose = close.find(tagEnd) ? close.start() : -1;
            }
            int nextOpen = open.find(tagEnd) ? open.start() : html.length();
            int textEnd = nextClose < 0 ? nextOpen : Math.min(nextClose, nextOpen);
            String href = href(html.substring(attributesStart, tagEnd));
            if (href != null) {
                String text = html.substring(tagEnd + 1, Math.min(textEnd, tagEnd + 1 + MAX_TEXT));
                out.add(new Anchor(HtmlEntities.decode(href).strip(), visible(text)));
            }
            from = Math.max(tagEnd + 1, textEnd);
        }
        return out;
    }

    private static String href(String attributes) {
        Matcher m = HREF.matcher(attributes);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
    }

    /** The text a reader sees: tags gone, references decoded, invisible characters dropped, spaces collapsed. */
    static String visible(String fragment) {
        String t = TAG.matcher(BREAKING_TAG.matcher(fragment).replaceAll(" ")).replaceAll("");
        t = HtmlEntities.decode(t);
        StringBuilder sb = new StringBuilder(t.length());
        boolean space = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.getType(c) == Character.FORMAT) {
                continue;
            }
            if (FileNames.isSpace(c)) {
                space = !sb.isEmpty();
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
