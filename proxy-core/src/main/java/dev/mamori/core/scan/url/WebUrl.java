package dev.mamori.core.scan.url;

import java.util.Locale;
import java.util.Optional;

/**
 * An http, https or ftp URL in the normalised form the blocklist stores and compares: scheme and host lower case,
 * host percent-decoded and in ASCII (IDN), IPv4 in dotted decimal, the default port dropped, the fragment dropped,
 * dot segments resolved and percent-escapes of unreserved characters decoded.
 *
 * <p>Parsing is deliberately as lenient as a browser's, because a URL in a mail is clicked in one: back slashes count
 * as slashes, {@code http:/host} and {@code http:\\host} reach {@code host}, the user-info before {@code @} is not the
 * host ({@code http://www.mybank.com@evil.example/} goes to {@code evil.example}).
 *
 * @param scheme       {@code http}, {@code https} or {@code ftp}
 * @param host         normalised host: an ASCII name, a dotted IPv4 or a bracketed IPv6 literal
 * @param port         the port, or -1 for the scheme's default
 * @param pathAndQuery path (at least {@code /}) and query, without the fragment
 */
public record WebUrl(String scheme, String host, int port, String pathAndQuery) {
    /** Longer inputs are not URLs anyone clicks; refusing them bounds the work per candidate. */
    public static final int MAX_LENGTH = 8192;

    /**
     * Parses an absolute URL, a protocol-relative one ({@code //host/path}, taken as http) or one starting with
     * {@code www.}; empty for anything else (relative links, mailto:, javascript:, malformed hosts).
     */
    public static Optional<WebUrl> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String scheme;
        int rest;
        int colon = s.indexOf(':');
        String lower = s.substring(0, Math.min(s.length(), 8)).toLowerCase(Locale.ROOT);
        if (lower.startsWith("//") || lower.startsWith("\\\\")) {
            scheme = "http";
            rest = 0;
        } else if (lower.startsWith("www.")) {
            scheme = "http";
            rest = -1;
        } else if (colon > 0 && colon < lower.length() && isScheme(lower.substring(0, colon))) {
            scheme = lower.substring(0, colon);
            rest = colon + 1;
        } else {
            return Optional.empty();
        }
        int start = rest < 0 ? 0 : skipSlashes(s, rest);
        if (rest >= 0 && start == rest && !scheme.equals("http") && !scheme.equals("https")) {
            return Optional.empty(); // ftp:foo is not a link to a host
        }
        int end = start;
        while (end < s.length() && "/\\?#".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        String authority = s.substring(start, end);
        int at = authority.lastIndexOf('@');
        String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
        String schemeName = scheme;
        String pathAndQuery = UrlPaths.normalise(s.substring(end));
        return hostAndPort(hostPort).map(hp -> new WebUrl(schemeName, hp.host(),
                hp.port() == defaultPort(schemeName) ? -1 : hp.port(), pathAndQuery));
    }

    /** The form the blocklist stores: {@code https://evil.example:8443/a/b?c}. */
    public String normalised() {
        return scheme + "://" + host + (port < 0 ? "" : ":" + port) + pathAndQuery;
    }

    /** True when the host is an IP literal (no suffix matching, no registrable domain). */
    public boolean hostIsIp() {
        return UrlHosts.isIpLiteral(host);
    }

    @Override
    public String toString() {
        return normalised();
    }

    private static boolean isScheme(String s) {
        return s.equals("http") || s.equals("https") || s.equals("ftp");
    }

    private static int skipSlashes(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == '/' || s.charAt(i) == '\\')) {
            i++;
        }
        return i;
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> 21;
        };
    }

    private record HostPort(String host, int port) {
    }

    private static Optional<HostPort> hostAndPort(String hostPort) {
        String hostPart = hostPort;
        String portPart = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            hostPart = hostPort.substring(0, close + 1);
            if (close + 1 < hostPort.length()) {
                if (hostPort.charAt(close + 1) != ':') {
                    return Optional.empty();
                }
                portPart = hostPort.substring(close + 2);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                hostPart = hostPort.substring(0, colon);
                portPart = hostPort.substring(colon + 1);
            }
        }
        int port = -1;
        if (portPart != null && !portPart.isEmpty()) {
            if (portPart.length() > 5 || !portPart.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            port = Integer.parseInt(portPart);
            if (port > 65535) {
                return Optional.empty();
            }
        }
        int p = port;
        return UrlHosts.normalise(hostPart).map(h -> new HostPort(h, p));
    }
}
