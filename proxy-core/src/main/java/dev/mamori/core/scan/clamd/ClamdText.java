package dev.mamori.core.scan.clamd;

/**
 * clamd's reply text is untrusted input that ends up in log lines, detections and notices: control characters are
 * replaced and the length is capped.
 */
final class ClamdText {
    static final int MAX = 200;

    private ClamdText() {
    }

    static String clean(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX + 1));
        text.codePoints().limit(MAX).forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        if (text.codePointCount(0, text.length()) > MAX) {
            sb.append('\u2026');
        }
        return sb.toString();
    }
}
