package dev.mamori.core.net;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address range in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}); a bare address is a /32 or /128.
 * IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) are matched as the IPv4 address they carry.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    @JsonCreator
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = IpLiterals.parse(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range (examples: 10.0.0.0/8, ::1/128)");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("'" + text + "': prefix length must be 0-" + max);
            }
        }
        byte[] net = mask(bytes, prefix);
        return new Cidr(net, prefix, t);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = Arrays.copyOf(bytes, bytes.length);
        for (int i = 0; i < out.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bitsHere)));
        }
        return out;
    }

    public boolean contains(InetAddress address) {
        byte[] a = normalize(address);
        if (a.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(a, prefix), network);
    }

    /** The address's bytes, with IPv4-mapped IPv6 turned back into IPv4. */
    public static byte[] normalize(InetAddress address) {
        byte[] a = address.getAddress();
        if (address instanceof Inet6Address && isV4Mapped(a)) {
            return Arrays.copyOfRange(a, 12, 16);
        }
        return a;
    }

    public static InetAddress unmap(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address;
        }
        byte[] a = address.getAddress();
        if (isV4Mapped(a)) {
            try {
                return InetAddress.getByAddress(Arrays.copyOfRange(a, 12, 16));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return address;
    }

    private static boolean isV4Mapped(byte[] a) {
        if (a.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF;
    }

    public int prefixLength() {
        return prefix;
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }
}
