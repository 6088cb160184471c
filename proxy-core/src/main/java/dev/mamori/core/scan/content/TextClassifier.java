package dev.mamori.core.scan.content;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names text content: HTML, HTA, SVG and the script languages malware mails carry. The rules are deliberately
 * conservative, because a false "script" on an ordinary text attachment is a false alarm for a user: a script needs
 * an unmistakable opening ({@code #!}, {@code @echo off}) or several independent indicators of its language.
 * Text that fits none of them is {@link FileType#TEXT}; content with NULs or many control bytes is not text at all.
 */
final class TextClassifier {
    /** Scripts and markup show themselves early; looking further only adds false positives and time. */
    private static final int WINDOW = 16 * 1024;

    static final Pattern HTML_START = Pattern.compile(
            "\\A(?:<!--.*?-->\\s*)*<(?:!doctype\\s+html|html|head|body|meta|title|script|iframe|form|div|table|p|a|br)[\\s>/]",
            Pattern.DOTALL);
    static final Pattern BATCH_LINE = Pattern.compile(
            "(?m)^\\s*(?:rem\\s|::|set\\s+/?\\w|goto\\s|call\\s|if\\s+(?:not\\s+)?(?:exist|errorlevel|defined)\\s|start\\s|del\\s|copy\\s|cd\\s+/d\\s|:[a-z_]\\w*\\s*$)");
    /** The characters a match of {@link #BATCH_LINE} can have after its leading white space. */
    static final String BATCH_LINE_FIRST = "r:sgcid";
    static final Pattern BATCH_VARIABLE = Pattern.compile("%(?:~dp0|~[a-z]*\\d|errorlevel|comspec|temp|appdata|\\w+:~)%?");
    /** The verbs of {@link #PS_CMDLET}; a cmdlet needs one of them followed by '-'. */
    private static final List<String> CMDLET_VERBS = List.of("get", "set", "new", "invoke", "start", "remove", "add",
            "out", "write", "import", "convertto", "convertfrom", "test", "select", "foreach", "where", "join", "split");
    static final Pattern PS_CMDLET = Pattern.compile("\\b(?:" + String.join("|", CMDLET_VERBS) + ")-[a-z]{2,}\\b");
    private static final List<String> CMDLET_PREFIXES = CMDLET_VERBS.stream().map(v -> v + "-").toList();
    static final Pattern PS_VARIABLE_ASSIGNMENT = Pattern.compile("(?m)^\\s*\\$[a-z_][\\w:]*\\s*=");
    static final Pattern PS_STRONG = Pattern.compile(
            "\\biex\\s*[(\\$]|invoke-expression|frombase64string|net\\.webclient|downloadstring\\s*\\(|downloadfile\\s*\\(|-executionpolicy\\s+bypass|-encodedcommand|\\[system\\.[a-z.]+]::");
    /** Every alternative of {@link #PS_STRONG} begins with one of these (after a zero-width {@code \b}). */
    private static final List<String> PS_STRONG_LITERALS = List.of("iex", "invoke-expression", "frombase64string",
            "net.webclient", "downloadstring", "downloadfile", "-executionpolicy", "-encodedcommand", "[system.");
    static final Pattern VBS_STATEMENT = Pattern.compile(
            "(?m)^\\s*(?:dim\\s+\\w|set\\s+\\w+\\s*=\\s*(?:createobject|getobject|wscript\\.)|on\\s+error\\s+resume\\s+next|(?:private\\s+|public\\s+)?(?:sub|function)\\s+\\w+\\s*\\(.*\\)\\s*$|end\\s+(?:sub|function|if)\\b|wscript\\.(?:echo|sleep|quit)\\b)");
    /** The characters a match of {@link #VBS_STATEMENT} can have after its leading white space. */
    static final String VBS_STATEMENT_FIRST = "dsopfew";
    static final Pattern JS_WSH = Pattern.compile(
            "new\\s+activexobject\\s*\\(|wscript\\.createobject\\s*\\(|getobject\\s*\\(\\s*['\"]winmgmts");
    /** Every alternative of {@link #JS_WSH} contains one of these literally. */
    private static final List<String> JS_WSH_LITERALS = List.of("activexobject", "wscript.createobject", "winmgmts");
    static final Pattern JS_START = Pattern.compile(
            "\\A(?:['\"]use strict['\"]|\\(\\s*function\\s*\\(|!function\\s*\\(|(?:var|let|const)\\s+[a-z_$][\\w$]*\\s*=|function\\s+[a-z_$][\\w$]*\\s*\\()");

    private TextClassifier() {
    }

    /** The type of textual content, or {@code null} when the window does not look like text. */
    static FileType classify(byte[] b, int len) {
        String lower = lowerLatin1(b, Math.min(len, WINDOW));
        if (lower == null) {
            String text = decode(b, Math.min(len, WINDOW));
            if (text == null) {
                return null;
            }
            lower = text.stripLeading().toLowerCase(Locale.ROOT);
        } else {
            lower = textual(lower);
            if (lower == null) {
                return null;
            }
            lower = lower.stripLeading();
        }
        if (lower.startsWith("#!")) {
            return shebang(lower);
        }
        if (lower.contains("<hta:application")) {
            return FileType.HTA;
        }
        if (HTML_START.matcher(lower).lookingAt()) {
            return FileType.HTML;
        }
        if ((lower.startsWith("<?xml") || lower.startsWith("<svg")) && lower.contains("<svg")) {
            return FileType.SVG;
        }
        if (lower.startsWith("@echo off") || lower.startsWith("@echo on") || looksLikeBatch(lower)) {
            return FileType.BATCH;
        }
        if (looksLikePowerShell(lower)) {
            return FileType.POWERSHELL;
        }
        if (countAtLineStarts(VBS_STATEMENT, VBS_STATEMENT_FIRST, lower) >= 2) {
            return FileType.VBSCRIPT;
        }
        if (containsAny(lower, JS_WSH_LITERALS) && JS_WSH.matcher(lower).find() || JS_START.matcher(lower).lookingAt() && lower.contains(";")) {
            return FileType.JAVASCRIPT;
        }
        return FileType.TEXT;
    }

    private static FileType shebang(String lower) {
        String line = lower.lines().findFirst().orElse("");
        if (line.contains("node")) {
            return FileType.JAVASCRIPT;
        }
        if (line.contains("pwsh") || line.contains("powershell")) {
            return FileType.POWERSHELL;
        }
        return FileType.SHELL_SCRIPT;
    }

    /*
     * Speed: every message and most of its parts are classified, and a regular expression with a word-boundary
     * alternation costs a few hundred microseconds per 16 KiB window (measured: 0.3-0.4 ms each for PS_CMDLET and
     * PS_STRONG, about 1.1 ms for a whole window of ordinary text). Each expression therefore runs only when a
     * literal that every one of its matches contains is present (String.indexOf is vectorised), and an indicator
     * is not evaluated when the score can no longer reach the threshold. The result is exactly that of evaluating
     * every expression: a missing literal means the expression cannot match.
     */

    private static boolean looksLikeBatch(String lower) {
        return lower.indexOf('%') >= 0 && BATCH_VARIABLE.matcher(lower).find() && countAtLineStarts(BATCH_LINE, BATCH_LINE_FIRST, lower) >= 3;
    }

    private static boolean looksLikePowerShell(String lower) {
        int score = (lower.indexOf('$') >= 0 && PS_VARIABLE_ASSIGNMENT.matcher(lower).find() ? 1 : 0)
                + (matchesAtLiteral(PS_STRONG, lower, PS_STRONG_LITERALS) ? 2 : 0);
        if (score >= 3) {
            return true;
        }
        if (score + 2 < 3 || !containsAny(lower, CMDLET_PREFIXES)) {
            return false; // distinct cmdlets add at most 2
        }
        Set<String> cmdlets = new HashSet<>();
        Matcher m = PS_CMDLET.matcher(lower);
        while (m.find() && cmdlets.size() < 3) {
            cmdlets.add(m.group());
        }
        return score + Math.min(cmdlets.size(), 2) >= 3;
    }

    /**
     * {@code p.matcher(s).find()} for an expression each of whose alternatives begins with one of {@code literals}:
     * a match can only start where one of them occurs, so only those places are tried. Cheaper than find() when a
     * literal is common (three-letter "iex" occurs in most lower-cased base64 windows).
     */
    private static boolean matchesAtLiteral(Pattern p, String s, List<String> literals) {
        Matcher m = null;
        for (String l : literals) {
            for (int i = s.indexOf(l); i >= 0; i = s.indexOf(l, i + 1)) {
                if (m == null) {
                    // transparent bounds: a leading \b sees the character before the region
                    m = p.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
                }
                m.region(i, s.length());
                if (m.lookingAt()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean containsAny(String s, List<String> literals) {
        for (String l : literals) {
            if (s.contains(l)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What counting {@code p.matcher(s).find()} up to 10 gives, for an expression that begins with a multi-line
     * {@code ^}: only the places where {@code ^} can match are tried. {@code find()} would try every position of
     * the window and fail at all but those (a tenth of a 16 KiB window's scan time went there). The places are the
     * ones Java's {@code ^} accepts in MULTILINE mode: the start, and after a line terminator (LF, CR not followed by
     * LF, NEL, LS, PS) unless at the very end; its matches are never empty. {@code first}: every character that
     * can follow the expression's leading {@code \s*} (the first characters of its alternatives), so most lines
     * are ruled out without running it at all.
     */
    static int countAtLineStarts(Pattern p, String first, String s) {
        int n = 0;
        int len = s.length();
        Matcher m = null;
        int i = 0;
        int j = 0; // the end of the white space that starts at i (shared by the line starts of a blank run)
        while (i < len && n < 10) {
            // p is ^\s*(x|y|...): after the white space, one of the alternatives' first characters must follow
            if (j < i) {
                j = i;
            }
            while (j < len && isRegexSpace(s.charAt(j))) {
                j++;
            }
            if (j < len && first.indexOf(s.charAt(j)) >= 0) {
                if (m == null) {
                    m = p.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
                }
                m.region(i, len);
                if (m.lookingAt()) {
                    n++;
                    i = Math.max(m.end(), i + 1);
                    if (!lineStart(s, i)) {
                        i = nextLineStart(s, i);
                    }
                    continue;
                }
            }
            i = nextLineStart(s, i + 1);
        }
        return n;
    }

    /** {@code \s} of a regular expression without UNICODE_CHARACTER_CLASS. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** The first position at or after {@code from} that is a line start in the sense of {@link #lineStart}, or the length. */
    private static int nextLineStart(String s, int from) {
        if (from == 0) {
            return 0;
        }
        int len = s.length();
        for (int j = from - 1; j < len - 1; j++) {
            char c = s.charAt(j);
            // every line terminator is <= CR or >= NEL: one comparison rules out almost every character
            if ((c <= '\r' || c >= '\u0085') && lineStart(s, j + 1)) {
                return j + 1;
            }
        }
        return len;
    }

    private static boolean lineStart(String s, int i) {
        if (i == 0) {
            return true;
        }
        if (i >= s.length()) {
            return false;
        }
        char c = s.charAt(i - 1);
        if (c == '\r') {
            return s.charAt(i) != '\n';
        }
        return c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** {@code Character.toLowerCase} of each Latin-1 character, which stays in Latin-1. */
    private static final byte[] LOWER_LATIN1 = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            LOWER_LATIN1[c] = (byte) Character.toLowerCase(c);
        }
    }

    /**
     * What {@code decode(b, len).toLowerCase(Locale.ROOT)} gives for a window without a UTF-16 byte-order mark (then
     * {@code null}): the bytes as Latin-1 (after a UTF-8 BOM), lower-cased through a table while they are copied
     * instead of character by character in {@link String#toLowerCase}, which was a twentieth of a scan thread's
     * time. Lower-casing changes letters only, so {@link #textual} and {@link String#stripLeading} give the same
     * answer before and after it.
     */
    static String lowerLatin1(byte[] b, int len) {
        if (len >= 2 && ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE || (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF)) {
            return null;
        }
        int start = len >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
        byte[] lower = new byte[len - start];
        for (int i = start; i < len; i++) {
            lower[i - start] = LOWER_LATIN1[b[i] & 0xFF];
        }
        return new String(lower, StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes a window for matching: UTF-16 when a byte-order mark says so (PowerShell writes UTF-16LE), else
     * byte-preserving Latin-1 so that UTF-8 text and its ASCII keywords are both seen. Null for binary content.
     */
    private static String decode(byte[] b, int len) {
        if (len >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return textual(new String(b, 2, (len - 2) & ~1, StandardCharsets.UTF_16LE));
        }
        if (len >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return textual(new String(b, 2, (len - 2) & ~1, StandardCharsets.UTF_16BE));
        }
        int start = len >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
        return textual(new String(b, start, len - start, StandardCharsets.ISO_8859_1));
    }

    /** Text has no NULs and at most 1 in 64 control characters besides tab, line breaks, form feed and escape. */
    private static String textual(String s) {
        int control = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return null;
            }
            if ((c < 0x20 || c == 0x7F) && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) {
                control++;
            }
        }
        return control * 64 > s.length() ? null : s;
    }
}
