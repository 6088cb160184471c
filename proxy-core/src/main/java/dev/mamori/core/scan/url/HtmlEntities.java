package dev.mamori.core.scan.url;

import java.util.Map;

/**
 * Decodes HTML character references the way a browser does before it follows a link or shows its text: numeric
 * references with or without the closing semicolon ({@code &#104;ttp}, {@code &#x68ttp}), and the named references
 * that matter for URLs and link text. Obfuscated links in phishing mail rely on filters that skip this step.
 * Unknown names stay as written; invalid code points become U+FFFD.
 */
public final class HtmlEntities {
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", "\u00A0"), Map.entry("sol", "/"), Map.entry("colon", ":"),
            Map.entry("period", "."), Map.entry("commat", "@"), Map.entry("quest", "?"), Map.entry("equals", "="),
            Map.entry("num", "#"), Map.entry("percnt", "%"), Map.entry("lowbar", "_"), Map.entry("hyphen", "-"),
            Map.entry("dash", "-"), Map.entry("bsol", "\\"), Map.entry("lpar", "("), Map.entry("rpar", ")"),
            Map.entry("excl", "!"), Map.entry("Tab", "\t"), Map.entry("NewLine", "\n"), Map.entry("shy", "\u00AD"),
            Map.entry("zwnj", "\u200C"), Map.entry("zwj", "\u200D"), Map.entry("lrm", "\u200E"),
            Map.entry("rlm", "\u200F"));
    private static final int MAX_NAME = 8;

    private HtmlEntities() {
    }

    public static String decode(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        sb.append(s, 0, amp);
        int i = amp;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '&') {
                sb.append(c);
                i++;
                continue;
            }
            int next = i + 1 < s.length() && s.charAt(i + 1) == '#' ? numeric(s, i, sb) : named(s, i, sb);
            if (next == i) {
                sb.append('&');
                i++;
            } else {
                i = next;
            }
        }
        return sb.toString();
    }

    /** Appends the decoded reference at {@code amp} and returns the index after it, or {@code amp} if none. */
    private static int numeric(String s, int amp, StringBuilder sb) {
        int i = amp + 2;
        boolean hex = i < s.length() && (s.charAt(i) == 'x' || s.charAt(i) == 'X');
        if (hex) {
            i++;
        }
        int start = i;
        long value = 0;
        while (i < s.length() && Character.digit(s.charAt(i), hex ? 16 : 10) >= 0 && i - start < 8) {
            value = value * (hex ? 16 : 10) + Character.digit(s.charAt(i), hex ? 16 : 10);
            i++;
        }
        if (i == start) {
            return amp;
        }
        while (i < s.length() && Character.digit(s.charAt(i), hex ? 16 : 10) >= 0) {
            i++; // absurdly long numbers: consume, the value is invalid anyway
            value = Long.MAX_VALUE;
        }
        if (i < s.length() && s.charAt(i) == ';') {
            i++;
        }
        boolean valid = value > 0 && value <= Character.MAX_CODE_POINT && (value < 0xD800 || value > 0xDFFF);
        sb.appendCodePoint(valid ? (int) value : 0xFFFD);
        return i;
    }

    private static int named(String s, int amp, StringBuilder sb) {
        int end = amp + 1;
        while (end < s.length() && end - amp <= MAX_NAME && Character.isLetter(s.charAt(end))) {
            end++;
        }
        if (end >= s.length() || s.charAt(end) != ';') {
            // browsers also accept a few legacy names without ';' (&amp, &lt...): those matter in query strings
            String bare = s.substring(amp + 1, end);
            if (bare.equals("amp") || bare.equals("lt") || bare.equals("gt") || bare.equals("quot")) {
                sb.append(NAMED.get(bare));
                return end;
            }
            return amp;
        }
        String value = NAMED.get(s.substring(amp + 1, end));
        if (value == null) {
            return amp;
        }
        sb.append(value);
        return end + 1;
    }
}
