package dev.mamori.core.scan.content;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.NameValuePair;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes a header parameter the way mail clients show it: RFC 2231 extended values ({@code filename*=UTF-8''%e2%82%ac},
 * continuations {@code filename*0*=}, {@code filename*1=}) first, then the plain value with RFC 2047 encoded words
 * (not allowed inside parameters, but what many mailers send). Unknown charsets fall back to UTF-8; undecodable bytes
 * become U+FFFD rather than failures, because a name is for matching and display, not for trust.
 */
final class MimeParameters {
    private static final Pattern SECTION = Pattern.compile("([^*]+)(?:\\*(\\d{1,3}))?(\\*)?");
    private static final int MAX_SECTIONS = 100;

    private MimeParameters() {
    }

    /** The decoded value of parameter {@code name}, or null when absent. */
    static String value(List<NameValuePair> params, String name) {
        String extended = extended(params, name);
        if (extended != null) {
            return extended;
        }
        for (NameValuePair p : params) {
            if (p.getName() != null && p.getName().equalsIgnoreCase(name) && p.getValue() != null) {
                return DecoderUtil.decodeEncodedWords(p.getValue(), DecodeMonitor.SILENT);
            }
        }
        return null;
    }

    private static String extended(List<NameValuePair> params, String name) {
        TreeMap<Integer, NameValuePair> sections = new TreeMap<>();
        boolean anyExtended = false;
        for (NameValuePair p : params) {
            if (p.getName() == null || p.getValue() == null) {
                continue;
            }
            Matcher m = SECTION.matcher(p.getName().trim());
            if (!m.matches() || !m.group(1).equalsIgnoreCase(name) || m.group(2) == null && m.group(3) == null) {
                continue;
            }
            anyExtended = true;
            int index = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            if (sections.size() < MAX_SECTIONS) {
                sections.putIfAbsent(index, p);
            }
        }
        if (!anyExtended) {
            return null;
        }
        Charset charset = StandardCharsets.UTF_8;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (var entry : sections.entrySet()) {
            String rawName = entry.getValue().getName().trim();
            String value = entry.getValue().getValue();
            boolean encoded = rawName.endsWith("*");
            if (encoded && entry.getKey() == sections.firstKey()) {
                // charset'language'value; only the first section carries the prefix
                int first = value.indexOf('\'');
                int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
                if (second > 0) {
                    charset = charset(value.substring(0, first));
                    value = value.substring(second + 1);
                }
            }
            if (encoded) {
                percentDecode(value, bytes);
            } else {
                bytes.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(charset);
    }

    private static void percentDecode(String value, ByteArrayOutputStream out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && hex(value.charAt(i + 1)) >= 0 && hex(value.charAt(i + 2)) >= 0) {
                out.write(hex(value.charAt(i + 1)) << 4 | hex(value.charAt(i + 2)));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static Charset charset(String name) {
        try {
            return name.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(name.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
