package dev.mamori.core.net;

/** RFC 1123 host names: labels of letters, digits and hyphens, 1-63 characters each, 253 in all. */
public final class HostNames {
    public static final int MAX_LENGTH = 253;

    private HostNames() {
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > MAX_LENGTH) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= n.length(); i++) {
            if (i == n.length() || n.charAt(i) == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63) {
                    return false;
                }
                if (n.charAt(labelStart) == '-' || n.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
                continue;
            }
            char c = n.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return false;
            }
        }
        // a name made only of digits and dots is a malformed IPv4 literal, not a host name
        return !n.matches("[0-9.]+");
    }
}
