package dev.mamori.core.config;

import dev.mamori.core.net.Cidr;
import dev.mamori.core.net.HostNames;

import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may send mail to whom through the SMTP gateway ({@code smtp.gateway.relay}). Decided at RCPT: a client in
 * {@code clientNetworks}, or an authenticated client while {@code authenticatedMayRelay}, may send to any recipient;
 * any other client only to recipients in {@code internalDomains} (and their subdomains). Without internal domains,
 * such a client may send to nobody but {@code postmaster}: Mamori is never an open relay by default.
 *
 * @param clientNetworks        ranges that may relay to any recipient; default loopback only (127.0.0.0/8, ::1/128)
 * @param internalDomains       the domains this gateway receives mail for; stored lower-case, internationalised
 *                              names in their ASCII (punycode) form; default none
 * @param authenticatedMayRelay whether a client the upstream authenticated (SMTP AUTH) may relay; default true
 */
public record RelaySettings(List<Cidr> clientNetworks, List<String> internalDomains, Boolean authenticatedMayRelay) {
    public static final List<Cidr> DEFAULT_CLIENT_NETWORKS = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));

    public RelaySettings {
        clientNetworks = clientNetworks == null ? DEFAULT_CLIENT_NETWORKS : List.copyOf(clientNetworks);
        internalDomains = internalDomains == null ? List.of() : normalizeDomains(internalDomains);
        authenticatedMayRelay = authenticatedMayRelay == null || authenticatedMayRelay;
    }

    private static List<String> normalizeDomains(List<String> domains) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < domains.size(); i++) {
            String field = "internalDomains[" + i + "]";
            String d = domains.get(i).strip();
            if (d.startsWith("*.") || d.startsWith(".")) {
                throw new InvalidFieldException(field, "'" + d + "': subdomains are always included"
                        + " (allowed: a domain name such as example.com)");
            }
            String ascii = toAscii(d);
            if (ascii == null || !HostNames.isValid(ascii)) {
                throw new InvalidFieldException(field, "'" + d + "' is not a domain name (allowed: a domain name such as"
                        + " example.com or bücher.example)");
            }
            out.add(ascii);
        }
        return List.copyOf(new ArrayList<>(out));
    }

    /**
     * A domain in the form used for comparison: IDNA ASCII (punycode), lower case, without a trailing dot; or
     * {@code null} when it cannot be converted.
     */
    public static String toAscii(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (d.isEmpty()) {
            return null;
        }
        try {
            return IDN.toASCII(d, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static RelaySettings defaults() {
        return new RelaySettings(null, null, null);
    }
}
