package dev.mamori.core.config;

import dev.mamori.core.net.Cidr;
import dev.mamori.core.net.HostNames;
import dev.mamori.core.net.IpLiterals;

/** The host pattern syntax of {@link UpstreamRule#hosts()}. */
public final class HostPattern {
    private HostPattern() {
    }

    static void validate(String pattern) {
        if (pattern.equals("*")) {
            return;
        }
        if (pattern.startsWith("*.")) {
            if (!HostNames.isValid(pattern.substring(2))) {
                throw new IllegalArgumentException("'" + pattern + "': '*.' must be followed by a host name (example: *.example.net)");
            }
            return;
        }
        if (pattern.indexOf('/') >= 0) {
            Cidr.parse(pattern);
            return;
        }
        if (IpLiterals.isLiteral(pattern) || HostNames.isValid(pattern)) {
            return;
        }
        throw new IllegalArgumentException("'" + pattern + "' is not a host pattern (allowed: *, *.example.net, pop.example.net, 10.1.2.3, 10.0.0.0/8)");
    }

    /** Whether {@code host} (lower-case; a name or an IP literal without brackets) matches {@code pattern}. */
    public static boolean matches(String pattern, String host) {
        if (pattern.equals("*")) {
            return true;
        }
        byte[] literal = IpLiterals.parse(host);
        if (pattern.indexOf('/') >= 0) {
            if (literal == null) {
                return false;
            }
            try {
                return Cidr.parse(pattern).contains(java.net.InetAddress.getByAddress(literal));
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        if (literal != null) {
            byte[] p = IpLiterals.parse(pattern);
            return p != null && java.util.Arrays.equals(p, literal);
        }
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
        }
        return pattern.equals(host);
    }
}
