package dev.mamori.core.scan.url;

import dev.mamori.core.net.IpLiterals;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Host names as a browser resolves them, so that a list entry matches however a mail spells the host:
 * percent-escapes decoded, ideographic full stops read as dots, lower case, IDN to ASCII (punycode), the trailing
 * dot dropped, and IPv4 written as hex, octal or a single number ({@code 0x7f.1}, {@code 2130706433}) turned into
 * dotted decimal. IPv6 literals keep their brackets in the canonical compressed form.
 */
final class UrlHosts {
    private static final int MAX_HOST = 253;

    private UrlHosts() {
    }

    static Optional<String> normalise(String raw) {
        if (raw.isEmpty() || raw.length() > 3 * MAX_HOST) {
            return Optional.empty();
        }
        if (raw.startsWith("[")) {
            return ipv6(raw);
        }
        String h = percentDecode(raw);
        if (h == null) {
            return Optional.empty();
        }
        h = h.replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.').toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty()) {
            return Optional.empty();
        }
        String ascii = h;
        if (!isPlainAscii(h)) {
            try {
                ascii = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String ipv4 = Ipv4Forms.canonical(ascii);
        if (ipv4 != null) {
            return Optional.of(ipv4);
        }
        return validName(ascii) ? Optional.of(ascii) : Optional.empty();
    }

    /** Most hosts need no IDN conversion; skipping it makes a million-entry list load several times faster. */
    private static boolean isPlainAscii(String h) {
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpLiteral(String host) {
        return host.startsWith("[") || Ipv4Forms.isDotted(host);
    }

    /** Letters, digits, hyphen and underscore (real DNS has underscores in sub-domains), non-empty labels. */
    private static boolean validName(String h) {
        if (h.length() > MAX_HOST || h.startsWith(".") || h.contains("..")) {
            return false;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> ipv6(String raw) {
        byte[] address = IpLiterals.parse(raw);
        if (address == null || address.length != 16) {
            return Optional.empty();
        }
        return Optional.of("[" + compressed(address) + "]");
    }

    /** RFC 5952 text: lower-case hex groups without leading zeros, the longest run of two or more zero groups as ::. */
    private static String compressed(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (a[2 * i] & 0xFF) << 8 | (a[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** Decodes %XX escapes as UTF-8; null when an escape is malformed or decodes to a control character. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] out = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                int b = hi << 4 | lo;
                if (b < 0x20 || b == 0x7F) {
                    return null;
                }
                out[n++] = (byte) b;
                i += 3;
            } else {
                byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    enc = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                System.arraycopy(enc, 0, out, n, enc.length);
                n += enc.length;
                i++;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
