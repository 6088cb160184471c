package dev.mamori.core.scan.heur;

import java.util.Locale;

/**
 * File names as Windows will treat them, not as a mail client shows them: the last path segment, Unicode format
 * characters removed (right-to-left overrides and zero-width characters change only how a name is displayed), and
 * trailing dots and spaces dropped (Windows strips them, so {@code invoice.exe.} runs as {@code .exe}).
 */
final class FileNames {
    private static final int MAX_EXTENSION = 16;

    private FileNames() {
    }

    static String lastSegment(String name) {
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return cut >= 0 ? name.substring(cut + 1) : name;
    }

    /** The name Windows acts on: format characters removed, trailing dots and spaces stripped. */
    static String effective(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        lastSegment(name).codePoints().filter(cp -> Character.getType(cp) != Character.FORMAT)
                .forEach(sb::appendCodePoint);
        int end = sb.length();
        while (end > 0 && (sb.charAt(end - 1) == '.' || isSpace(sb.charAt(end - 1)))) {
            end--;
        }
        return sb.substring(0, end);
    }

    /** The lower-case extension of an effective name, or "" when it has none (or one no program would claim). */
    static String extension(String effectiveName) {
        int dot = effectiveName.lastIndexOf('.');
        if (dot < 0 || dot == effectiveName.length() - 1) {
            return "";
        }
        String ext = effectiveName.substring(dot + 1);
        if (ext.length() > MAX_EXTENSION || !ext.chars().allMatch(Character::isLetterOrDigit)) {
            return "";
        }
        return ext.toLowerCase(Locale.ROOT);
    }

    /** Right-to-left and other directional overrides: they make {@code invoice\u202Efdp.exe} read "invoiceexe.pdf". */
    static boolean hasBidiControl(String name) {
        return name.codePoints().anyMatch(cp -> cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069
                || cp == 0x200E || cp == 0x200F || cp == 0x061C);
    }

    /** Any space character, the Unicode ones attackers pad names with included. */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
