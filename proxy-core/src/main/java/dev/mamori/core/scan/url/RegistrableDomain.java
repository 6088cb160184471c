package dev.mamori.core.scan.url;

import com.google.common.net.InternetDomainName;

/**
 * The site a host belongs to: the label under its public suffix ({@code www.mybank.co.uk} → {@code mybank.co.uk},
 * {@code evil.github.io} → {@code evil.github.io}). Uses the full Public Suffix List shipped inside Guava, private
 * section included, because attackers host on exactly those shared domains (github.io, blogspot, web.app...):
 * {@code mybank.github.io} and {@code evil.github.io} are different sites.
 *
 * <p>Hosts with no known suffix (intranet names, unknown TLDs) fall back to their last two labels; IP literals and
 * public suffixes themselves are their own site.
 */
public final class RegistrableDomain {
    private RegistrableDomain() {
    }

    /** {@code host} must be normalised ({@link WebUrl#host()}): lower-case ASCII, no trailing dot. */
    public static String of(String host) {
        if (UrlHosts.isIpLiteral(host)) {
            return host;
        }
        try {
            InternetDomainName name = InternetDomainName.from(host);
            if (name.isUnderPublicSuffix()) {
                return name.topPrivateDomain().toString();
            }
            if (name.isPublicSuffix()) {
                return host;
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // underscores, over-long labels and such: Guava refuses them, browsers do not; fall back below
        }
        return lastLabels(host, 2);
    }

    /** True when the host ends in a suffix from the list: {@code mybank.com} yes, {@code report.pdf} no. */
    public static boolean hasKnownSuffix(String host) {
        if (UrlHosts.isIpLiteral(host)) {
            return false;
        }
        try {
            return InternetDomainName.from(host).isUnderPublicSuffix();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String lastLabels(String host, int count) {
        int idx = host.length();
        for (int i = 0; i < count; i++) {
            idx = host.lastIndexOf('.', idx - 1);
            if (idx < 0) {
                return host;
            }
        }
        return host.substring(idx + 1);
    }
}
