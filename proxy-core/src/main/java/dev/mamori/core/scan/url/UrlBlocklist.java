package dev.mamori.core.scan.url;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The URL blocklist component: URLhaus-style lines, one entry a line, {@code #} comments.
 * <ul>
 *   <li>a full URL ({@code http://evil.example/a/b.exe}) blocks exactly that URL, compared in the normalised form of
 *       {@link WebUrl} (scheme and host case, default port, fragment, dot segments and unreserved escapes do not
 *       matter; the scheme does, as in URLhaus);</li>
 *   <li>a URL without a scheme ({@code evil.example/a/b.exe}) blocks it over http and https;</li>
 *   <li>a bare host ({@code evil.example}, also {@code *.evil.example} or hosts-file lines like
 *       {@code 0.0.0.0 evil.example}) blocks the host and every sub-domain, {@code a.evil.example} but not
 *       {@code notevil.example}; a port after it is ignored;</li>
 *   <li>an IP host ({@code 198.51.100.7}, {@code [2001:db8::1]}) blocks URLs on that address in any spelling.</li>
 * </ul>
 * Entries are kept as 64-bit fingerprints (8 bytes each, see {@link Hash64}); the detail of a match is rebuilt from
 * the URL that matched, so no entry text is stored. Lines that parse as nothing are counted in
 * {@link #skippedLines()} rather than failing the load: one bad line in a feed must not disable the whole list.
 * Immutable and thread-safe.
 */
public final class UrlBlocklist {
    /** Which kind of entry matched, and its normalised text. */
    public record Match(Kind kind, String entry) {
        public enum Kind { URL, HOST }
    }

    private final SortedFingerprints urls;
    private final SortedFingerprints hosts;
    private final int skippedLines;

    private UrlBlocklist(SortedFingerprints urls, SortedFingerprints hosts, int skippedLines) {
        this.urls = urls;
        this.hosts = hosts;
        this.skippedLines = skippedLines;
    }

    public static UrlBlocklist load(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in);
        }
    }

    public static UrlBlocklist parse(BufferedReader in) throws IOException {
        SortedFingerprints.Builder urls = new SortedFingerprints.Builder();
        SortedFingerprints.Builder hosts = new SortedFingerprints.Builder();
        int skipped = 0;
        for (String line; (line = in.readLine()) != null; ) {
            if (!BlocklistLine.add(line, urls, hosts)) {
                skipped++;
            }
        }
        return new UrlBlocklist(urls.build(), hosts.build(), skipped);
    }

    public static UrlBlocklist of(String... lines) {
        try {
            return parse(new BufferedReader(new StringReader(String.join("\n", lines))));
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    /** The entry that blocks {@code url}: the exact URL first, then its host from the full name up to the TLD. */
    public Optional<Match> match(WebUrl url) {
        String normalised = url.normalised();
        if (urls.contains(Hash64.of(normalised))) {
            return Optional.of(new Match(Match.Kind.URL, normalised));
        }
        String host = url.host();
        if (url.hostIsIp()) {
            return hosts.contains(Hash64.of(host)) ? Optional.of(new Match(Match.Kind.HOST, host)) : Optional.empty();
        }
        for (int from = 0; ; ) {
            if (hosts.contains(Hash64.of(host, from))) {
                return Optional.of(new Match(Match.Kind.HOST, host.substring(from)));
            }
            int dot = host.indexOf('.', from);
            if (dot < 0) {
                return Optional.empty();
            }
            from = dot + 1;
        }
    }

    public int urlEntries() {
        return urls.size();
    }

    public int hostEntries() {
        return hosts.size();
    }

    /** Lines that were neither blank, a comment, a URL nor a host. */
    public int skippedLines() {
        return skippedLines;
    }

    /** Memory held by the entry tables. */
    public long tableBytes() {
        return urls.bytes() + hosts.bytes();
    }

    @Override
    public String toString() {
        return "UrlBlocklist[" + urlEntries() + " URLs, " + hostEntries() + " hosts, " + skippedLines + " skipped]";
    }
}
