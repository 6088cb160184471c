package dev.mamori.core.net;

import io.netty.util.NetUtil;

/** Strict IP literal parsing that never touches DNS. */
public final class IpLiterals {
    private IpLiterals() {
    }

    /** The address bytes of an IPv4 or IPv6 literal (brackets allowed for IPv6), or {@code null} if it is not one. */
    public static byte[] parse(String text) {
        String t = text;
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || t.indexOf('%') >= 0) {
            return null; // zone ids are never valid upstream addresses
        }
        return NetUtil.createByteArrayFromIpAddressString(t);
    }

    public static boolean isLiteral(String text) {
        return parse(text) != null;
    }
}
