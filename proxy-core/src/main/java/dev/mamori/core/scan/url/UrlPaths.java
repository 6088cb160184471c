package dev.mamori.core.scan.url;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Path and query normalisation for exact URL matching: the fragment dropped (it never reaches the server), an empty
 * path made {@code /}, back slashes in the path read as slashes, dot segments resolved, escapes of unreserved
 * characters decoded and the hex of the others upper-cased. Anything else stays as written: servers may treat case
 * and reserved escapes as significant.
 */
final class UrlPaths {
    private UrlPaths() {
    }

    /** {@code rest} starts at the first {@code / \ ? #} after the authority, or is empty. */
    static String normalise(String rest) {
        int hash = rest.indexOf('#');
        String r = hash >= 0 ? rest.substring(0, hash) : rest;
        int q = r.indexOf('?');
        String path = q >= 0 ? r.substring(0, q) : r;
        String query = q >= 0 ? r.substring(q) : "";
        path = escapes(path.replace('\\', '/'));
        return (path.isEmpty() ? "/" : dotSegments(path)) + escapes(query);
    }

    private static String dotSegments(String path) {
        if (!path.contains("/.")) {
            return path;
        }
        Deque<String> out = new ArrayDeque<>();
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            boolean last = i == segments.length - 1;
            if (seg.equals(".") || seg.equals("..")) {
                if (seg.equals("..") && !out.isEmpty()) {
                    out.removeLast();
                }
                if (last) {
                    out.addLast("");
                }
            } else {
                out.addLast(seg);
            }
        }
        return "/" + String.join("/", out);
    }

    private static String escapes(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    char decoded = (char) (hi << 4 | lo);
                    if (isUnreserved(decoded)) {
                        sb.append(decoded);
                    } else {
                        sb.append('%').append(Character.toUpperCase(s.charAt(i + 1)))
                                .append(Character.toUpperCase(s.charAt(i + 2)));
                    }
                    i += 2;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                || c == '_' || c == '~';
    }
}
