package dev.mamori.pop3.session;

import java.util.List;
import java.util.Locale;

/**
 * An upstream session that is ready for login: greeting read, TLS in place as policy demands, capabilities known.
 *
 * @param connection   the connection
 * @param greeting     the upstream's greeting line (passed to clients on dedicated ports, for APOP)
 * @param capabilities the CAPA lines after TLS started (empty if the upstream has no CAPA)
 * @param tls          whether the connection is encrypted
 */
public record ConnectedUpstream(UpstreamConnection connection, String greeting, List<String> capabilities, boolean tls) {
    public boolean has(String capability) {
        String c = capability.toUpperCase(Locale.ROOT);
        return capabilities.stream().anyMatch(l -> l.toUpperCase(Locale.ROOT).equals(c)
                || l.toUpperCase(Locale.ROOT).startsWith(c + " "));
    }

    public boolean hasSaslMechanism(String mechanism) {
        return capabilities.stream()
                .map(l -> l.toUpperCase(Locale.ROOT))
                .filter(l -> l.startsWith("SASL "))
                .anyMatch(l -> List.of(l.substring(5).trim().split("\\s+")).contains(mechanism));
    }
}
