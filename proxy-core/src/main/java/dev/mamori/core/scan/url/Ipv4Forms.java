package dev.mamori.core.scan.url;

/**
 * IPv4 hosts in every spelling browsers accept (WHATWG URL "IPv4 parser"): one to four parts, each decimal, octal
 * with a leading 0, or hex with 0x; the last part fills the remaining bytes. Phishing mails use {@code 0x7f.0.0.1}
 * and {@code 3232235777} precisely because naive filters compare text.
 */
final class Ipv4Forms {
    private Ipv4Forms() {
    }

    /** Dotted decimal for an IPv4 host in any accepted spelling, or null when the host is a name. */
    static String canonical(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4 || !isNumber(parts[parts.length - 1])) {
            return null; // only a host ending in a number is an address; "1.example" is a name
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            long v = parse(parts[i]);
            if (v < 0) {
                return null;
            }
            values[i] = v;
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            address = address << 8 | values[i];
        }
        int lastBytes = 5 - parts.length;
        long last = values[parts.length - 1];
        if (last >= 1L << (8 * lastBytes)) {
            return null;
        }
        address = address << (8 * lastBytes) | last;
        return (address >>> 24 & 0xFF) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "."
                + (address & 0xFF);
    }

    static boolean isDotted(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String part) {
        return parse(part) >= 0;
    }

    /** The value of one part, or -1 when it is not a number or exceeds 32 bits. */
    private static long parse(String p) {
        if (p.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = p;
        if (p.startsWith("0x") || p.startsWith("0X")) {
            radix = 16;
            digits = p.substring(2);
            if (digits.isEmpty()) {
                return 0;
            }
        } else if (p.length() > 1 && p.charAt(0) == '0') {
            radix = 8;
            digits = p.substring(1);
        }
        if (digits.length() > 11) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v > 0xFFFFFFFFL ? -1 : v;
    }
}
