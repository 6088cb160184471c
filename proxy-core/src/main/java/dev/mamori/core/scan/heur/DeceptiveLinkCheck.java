package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.content.FileType;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;
import dev.mamori.core.scan.url.RegistrableDomain;
import dev.mamori.core.scan.url.WebUrl;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HTML links whose visible text is itself an address on another site than the one they lead to:
 * {@code <a href="http://evil.example/login">https://www.mybank.com</a>}. Sites are compared by registrable domain
 * ({@link RegistrableDomain}), so {@code www.mybank.com} shown over {@code login.mybank.com} is fine.
 *
 * <p>Only text that is an address as a whole counts ({@code https://...}, {@code www....}, or a bare host with a known
 * public suffix): "click here" or a sentence mentioning a site is not a claim about the link. Hrefs to the
 * {@link HeuristicRules#trustedLinkHosts() trusted link hosts} (Safe Links and the like) never count. Known gap:
 * newsletter click-tracking ({@code www.shop.example} shown, {@code click.mailer.example} followed) looks exactly
 * like phishing here; sites add their senders' trackers to the trusted hosts.
 */
final class DeceptiveLinkCheck implements HeuristicCheck {
    private static final int MAX_DETECTIONS = 5;
    /** Bare host text: labels and a final alphabetic label, optionally a port or path after it. */
    private static final Pattern BARE_HOST = Pattern.compile("[\\p{L}\\p{N}_-]+(?:\\.[\\p{L}\\p{N}_-]+)*\\.\\p{L}{2,}(?:[:/].*)?");
    /** TLDs that are also common file extensions: "report.zip" as link text names a file, not a site. */
    private static final Set<String> FILE_LIKE_TLDS = Set.of("zip", "mov");

    @Override
    public HeuristicRules.Check key() {
        return HeuristicRules.Check.DECEPTIVE_LINK;
    }

    @Override
    public void inspect(ContentItem item, HeuristicRules rules, List<Detection> out) throws java.io.IOException {
        if (!rendersAsHtml(item)) {
            return;
        }
        String text = new String(item.read(0, rules.maxHtmlBytes()), StandardCharsets.UTF_8);
        Set<String> reported = new LinkedHashSet<>();
        for (HtmlAnchors.Anchor a : HtmlAnchors.find(text, rules.maxLinks())) {
            Optional<WebUrl> target = WebUrl.parse(a.href());
            Optional<String> shown = shownHost(a.text());
            if (target.isEmpty() || shown.isEmpty() || trusted(target.get().host(), rules)) {
                continue;
            }
            String actual = target.get().host();
            if (!RegistrableDomain.of(shown.get()).equals(RegistrableDomain.of(actual))
                    && reported.add(shown.get() + " " + actual)) {
                out.add(Detections.of(ThreatCategory.SUSPICIOUS, HeuristicNames.DECEPTIVE_LINK, item,
                        "a link shows " + shown.get() + " but leads to " + actual));
                if (reported.size() == MAX_DETECTIONS) {
                    return;
                }
            }
        }
    }

    /**
     * HTML a reader sees rendered: a text/html part (whatever the detector thinks of its first bytes) or an HTML
     * attachment. A text/plain part is shown as text, its markup is not a link.
     */
    private static boolean rendersAsHtml(ContentItem item) {
        String declared = item.declaredMimeType().orElse("");
        return declared.equals("text/html")
                || item.detectedType() == FileType.HTML && !declared.equals("text/plain");
    }

    /** The host the text presents as the destination, when the whole text is an address. */
    static Optional<String> shownHost(String visibleText) {
        String t = strip(visibleText);
        if (t.isEmpty() || t.chars().anyMatch(c -> FileNames.isSpace((char) c)) || t.length() > WebUrl.MAX_LENGTH) {
            return Optional.empty();
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http:") || lower.startsWith("https:") || lower.startsWith("ftp:")
                || lower.startsWith("www.")) {
            return WebUrl.parse(t).map(WebUrl::host);
        }
        if (t.indexOf('@') >= 0 || !BARE_HOST.matcher(t).matches()) {
            return Optional.empty();
        }
        return WebUrl.parse("http://" + t).map(WebUrl::host)
                .filter(h -> !FILE_LIKE_TLDS.contains(h.substring(h.lastIndexOf('.') + 1)))
                .filter(RegistrableDomain::hasKnownSuffix);
    }

    private static boolean trusted(String host, HeuristicRules rules) {
        for (String t : rules.trustedLinkHosts()) {
            if (host.equals(t) || host.endsWith("." + t)) {
                return true;
            }
        }
        return false;
    }

    /** Drops the brackets and quotes text often puts around an address: {@code <https://x>}, {@code "x"}. */
    private static String strip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && "<([\"'".indexOf(s.charAt(a)) >= 0) {
            a++;
        }
        while (b > a && ">)]\"'.,;:".indexOf(s.charAt(b - 1)) >= 0) {
            b--;
        }
        return s.substring(a, b);
    }
}
