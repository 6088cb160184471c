/**
 * URL checks: {@link dev.mamori.core.scan.url.UrlExtractor} finds the links in text and HTML items (bounded,
 * HTML references and host escapes decoded, IDN to ASCII), {@link dev.mamori.core.scan.url.UrlBlocklist} holds the
 * blocklist component as sorted 64-bit fingerprints with host-suffix and exact-URL matching, and
 * {@link dev.mamori.core.scan.url.UrlEngine} reports listed URLs as {@code Url.Blocklisted}.
 * {@link dev.mamori.core.scan.url.WebUrl} is the one normalised URL form both sides compare;
 * {@link dev.mamori.core.scan.url.RegistrableDomain} names the site a host belongs to (Public Suffix List).
 */
package dev.mamori.core.scan.url;
