package dev.mamori.core.scan.url;

import java.util.Optional;

/** Reads one line of a blocklist file into the URL or host table (see {@link UrlBlocklist} for the format). */
final class BlocklistLine {
    private BlocklistLine() {
    }

    /** False when the line is neither blank, a comment, a URL nor a host. */
    static boolean add(String raw, SortedFingerprints.Builder urls, SortedFingerprints.Builder hosts) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
            return true;
        }
        // most lines are one token: skip the regular expression for them (a million-line list loads noticeably faster)
        String[] tokens = line.indexOf(' ') < 0 && line.indexOf('\t') < 0 ? new String[]{line} : line.split("\\s+");
        String token = tokens[0];
        if (tokens.length > 1) {
            if (!isSinkAddress(tokens[0]) && !tokens[1].startsWith("#")) {
                return false;
            }
            token = isSinkAddress(tokens[0]) ? tokens[1] : tokens[0];
        }
        if (token.contains("://")) {
            Optional<WebUrl> url = WebUrl.parse(token);
            url.ifPresent(u -> urls.add(Hash64.of(u.normalised())));
            return url.isPresent();
        }
        return schemeless(token, urls, hosts);
    }

    private static boolean schemeless(String token, SortedFingerprints.Builder urls, SortedFingerprints.Builder hosts) {
        String t = token.startsWith("*.") ? token.substring(2) : token.startsWith(".") ? token.substring(1) : token;
        int pathStart = firstOf(t, "/?");
        if (pathStart < 0) {
            Optional<WebUrl> host = WebUrl.parse("http://" + t);
            host.ifPresent(u -> hosts.add(Hash64.of(u.host())));
            return host.isPresent();
        }
        Optional<WebUrl> http = WebUrl.parse("http://" + t);
        Optional<WebUrl> https = WebUrl.parse("https://" + t);
        http.ifPresent(u -> urls.add(Hash64.of(u.normalised())));
        https.ifPresent(u -> urls.add(Hash64.of(u.normalised())));
        return http.isPresent();
    }

    /** Hosts-file lines point listed names at a sink address: {@code 0.0.0.0 evil.example}. */
    private static boolean isSinkAddress(String s) {
        return s.equals("0.0.0.0") || s.equals("127.0.0.1") || s.equals("::") || s.equals("::1");
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
