package dev.mamori.core.component.relay;

import java.net.InetAddress;
import java.time.Duration;

/** Manual probe: does JmDNS discovery work on the loopback interface of this machine? */
public final class MdnsLoopbackProbe {
    public static void main(String[] args) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        long t0 = System.nanoTime();
        try (RelayAdvertiser a = RelayAdvertiser.start(lo, "probe", 18199);
             MdnsSourceLocator l = new MdnsSourceLocator(lo, null, Duration.ofSeconds(2))) {
            for (int i = 0; i < 10; i++) {
                var c = l.candidates();
                System.out.println("after " + (System.nanoTime() - t0) / 1_000_000 + " ms found: " + c);
                if (!c.isEmpty()) {
                    break;
                }
            }
        }
    }
}
