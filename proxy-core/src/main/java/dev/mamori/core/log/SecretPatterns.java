package dev.mamori.core.log;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credential shapes {@link Redaction#text(String)} recognises in free text. Each rule errs on the side of
 * masking: a log line that loses a word is cheaper than a password in a log file. What cannot be recognised (a bare
 * password with no keyword near it) is why protocol code must log through {@link Redaction#command(String)}.
 */
final class SecretPatterns {
    private static final String MASK = Redaction.MASK;

    /** {@code PASS secret words}: a POP3 password runs to the end of the line and may contain spaces. */
    private static final Pattern PASS = Pattern.compile("(?i)\\b(PASS)[ \\t]+\\S[^\\r\\n]*");
    /** {@code APOP user digest}. */
    private static final Pattern APOP = Pattern.compile("(?i)\\b(APOP[ \\t]+\\S+)[ \\t]+\\S+");
    /** {@code AUTH mechanism initial-response}. */
    private static final Pattern AUTH = Pattern.compile("(?i)\\b(AUTH[ \\t]+[A-Za-z0-9_-]{1,40})[ \\t]+\\S+");
    /** {@code password=x}, {@code "secret": "x"}, {@code token: x}. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b(password|passwd|passphrase|pass|pwd|secret|token|credentials?|api[_-]?key)([\"']?[ \\t]*[=:][ \\t]*)(\"[^\"]*\"|'[^']*'|[^\\s,;&\"']+)");
    /** {@code pop3://alice:secret@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/\\s:@]+):[^/\\s@]+@");
    /** A base64 token; candidates for a SASL PLAIN payload ({@code authzid NUL authcid NUL password}). */
    private static final Pattern BASE64_TOKEN = Pattern.compile("(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{6,}={0,2}(?![A-Za-z0-9+/=])");
    /*
     * The two whole-message rules below only take tokens that are padded base64 of text, which is what SASL
     * responses are (RFC 4422, 5034, 4954: user names, passwords, "n,,n=user", NUL or ^A separators). A word or a
     * path in a one-word message almost never is: its length is not a multiple of four, or it decodes to binary junk.
     */
    /** A message that is one base64 token after a direction marker ({@code C: }, {@code client> }, {@code <<< }). */
    private static final Pattern MARKED_BLOB = Pattern.compile("^(\\s*(?:[A-Za-z]{1,10} ?[:>]|[<>]{1,3}) ?\\s*)([A-Za-z0-9+/]{4,}={0,2})\\s*$");
    /** A message that is one token with the tell-tales of base64 (digits, '+', '/', padding). */
    private static final Pattern BARE_BLOB = Pattern.compile("^\\s*([A-Za-z0-9+/]{8,}={0,2})\\s*$");

    private SecretPatterns() {
    }

    static String mask(String text) {
        String t = replace(PASS, text, m -> m.group(1) + " " + MASK);
        t = replace(APOP, t, m -> m.group(1) + " " + MASK);
        t = replace(AUTH, t, m -> m.group(1) + " " + MASK);
        t = replace(KEY_VALUE, t, m -> m.group(1) + m.group(2) + MASK);
        t = replace(URL_PASSWORD, t, m -> m.group(1) + ":" + MASK + "@");
        t = replace(BASE64_TOKEN, t, m -> isSaslPlain(m.group()) ? MASK : m.group());
        t = replace(MARKED_BLOB, t, m -> decodesToText(m.group(2)) && !isProtocolVerb(m.group(2)) ? m.group(1) + MASK : m.group());
        return replace(BARE_BLOB, t, m -> decodesToText(m.group(1)) ? MASK : m.group());
    }

    private static String replace(Pattern pattern, String text, Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length());
        do {
            m.appendReplacement(b, Matcher.quoteReplacement(replacement.apply(m)));
        } while (m.find());
        m.appendTail(b);
        return b.toString();
    }

    private static boolean isSaslPlain(String token) {
        byte[] decoded = decode(token);
        if (decoded == null) {
            return false;
        }
        for (byte b : decoded) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean decodesToText(String token) {
        byte[] decoded = decode(token);
        if (decoded == null) {
            return false;
        }
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded));
        } catch (CharacterCodingException e) {
            return false;
        }
        while (chars.hasRemaining()) {
            char c = chars.get();
            boolean separator = c == 0 || c == 1 || c == '\t' || c == '\n' || c == '\r';
            if ((c < 0x20 || c == 0x7F) && !separator) {
                return false;
            }
        }
        return true;
    }

    private static byte[] decode(String token) {
        if (token.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isProtocolVerb(String token) {
        return Redaction.HARMLESS.contains(token.toUpperCase(Locale.ROOT));
    }
}
