package dev.mamori.core.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Address ranges an upstream connection may never reach unless an allow rule permits the address explicitly:
 * without this, {@code user#host} would turn Mamori into a way into the local machine, the LAN or a cloud
 * metadata service (SSRF).
 */
public final class DeniedAddresses {
    /** Built-in ranges, with the reason shown to the client and in the log. */
    private static final List<Range> BUILT_IN = List.of(
            new Range(Cidr.parse("0.0.0.0/8"), "unspecified"),
            new Range(Cidr.parse("127.0.0.0/8"), "loopback"),
            new Range(Cidr.parse("10.0.0.0/8"), "private"),
            new Range(Cidr.parse("172.16.0.0/12"), "private"),
            new Range(Cidr.parse("192.168.0.0/16"), "private"),
            new Range(Cidr.parse("100.64.0.0/10"), "carrier-grade NAT"),
            new Range(Cidr.parse("169.254.0.0/16"), "link-local (cloud metadata)"),
            new Range(Cidr.parse("192.0.0.0/24"), "IETF protocol assignments"),
            new Range(Cidr.parse("198.18.0.0/15"), "benchmarking"),
            new Range(Cidr.parse("224.0.0.0/4"), "multicast"),
            new Range(Cidr.parse("240.0.0.0/4"), "reserved"),
            new Range(Cidr.parse("::/128"), "unspecified"),
            new Range(Cidr.parse("::1/128"), "loopback"),
            new Range(Cidr.parse("fc00::/7"), "private"),
            new Range(Cidr.parse("fe80::/10"), "link-local"),
            new Range(Cidr.parse("fec0::/10"), "site-local"),
            new Range(Cidr.parse("fd00:ec2::254/128"), "cloud metadata"),
            new Range(Cidr.parse("ff00::/8"), "multicast"),
            new Range(Cidr.parse("64:ff9b:1::/48"), "local-use NAT64"),
            new Range(Cidr.parse("2001:db8::/32"), "documentation"));

    private final List<Range> ranges;

    public DeniedAddresses(List<Cidr> extra) {
        List<Range> all = new ArrayList<>(BUILT_IN);
        for (Cidr c : extra) {
            all.add(new Range(c, "denied by configuration"));
        }
        this.ranges = List.copyOf(all);
    }

    /** Why {@code address} is denied, or {@code null} if it may be used. */
    public String reason(InetAddress address) {
        InetAddress a = Cidr.unmap(address);
        for (Range r : ranges) {
            if (r.cidr.contains(a)) {
                return r.reason;
            }
        }
        return null;
    }

    private record Range(Cidr cidr, String reason) {
    }
}
