package dev.mamori.core.scan.url;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UrlBlocklistTest {
    @TempDir
    Path temp;

    private static Optional<String> match(UrlBlocklist list, String url) {
        return list.match(WebUrl.parse(url).orElseThrow()).map(UrlBlocklist.Match::entry);
    }

    @Test
    void hostEntriesBlockTheirSubdomainsOnly() {
        UrlBlocklist list = UrlBlocklist.of("# URLhaus-style list", "evil.example", "", "*.bad.example");
        assertThat(match(list, "http://evil.example/x")).hasValue("evil.example");
        assertThat(match(list, "https://a.b.evil.example:8443/")).hasValue("evil.example");
        assertThat(match(list, "http://EVIL.EXAMPLE./")).hasValue("evil.example");
        assertThat(match(list, "http://x.bad.example/")).hasValue("bad.example");
        assertThat(match(list, "http://notevil.example/")).isEmpty();
        assertThat(match(list, "http://evil.example.org/")).isEmpty();
        assertThat(match(list, "http://example/")).isEmpty();
    }

    @Test
    void urlEntriesMatchExactlyAfterNormalisation() {
        UrlBlocklist list = UrlBlocklist.of("http://dl.example/bins/x.exe", "https://Files.Example:443/a%7eb/c.zip");
        assertThat(match(list, "HTTP://DL.EXAMPLE:80/bins/x.exe#top")).hasValue("http://dl.example/bins/x.exe");
        assertThat(match(list, "http://dl.example/bins/./y/../x.exe")).hasValue("http://dl.example/bins/x.exe");
        assertThat(match(list, "https://files.example/a~b/c.zip")).hasValue("https://files.example/a~b/c.zip");
        assertThat(match(list, "http://dl.example/bins/x.exe?v=2")).isEmpty();
        assertThat(match(list, "http://dl.example/bins/X.exe")).isEmpty();
        assertThat(match(list, "https://dl.example/bins/x.exe")).as("URLhaus entries are per scheme").isEmpty();
        assertThat(match(list, "http://other.dl.example/bins/x.exe")).isEmpty();
    }

    @Test
    void ipHostsInAnySpelling() {
        UrlBlocklist list = UrlBlocklist.of("198.51.100.7", "http://203.0.113.9:8080/i", "[2001:db8::1]");
        assertThat(match(list, "http://198.51.100.7/x")).hasValue("198.51.100.7");
        assertThat(match(list, "http://3325256711/x")).hasValue("198.51.100.7");
        assertThat(match(list, "http://0xc6.0x33.0x64.0x07/")).hasValue("198.51.100.7");
        assertThat(match(list, "http://203.0.113.9:8080/i")).hasValue("http://203.0.113.9:8080/i");
        assertThat(match(list, "http://[2001:DB8:0::1]/")).hasValue("[2001:db8::1]");
        assertThat(match(list, "http://100.7/")).isEmpty();
        assertThat(match(list, "http://51.100.7.1/")).isEmpty();
    }

    @Test
    void hostsFileLinesSchemelessUrlsAndJunk() {
        UrlBlocklist list = UrlBlocklist.of("0.0.0.0 ads.example", "127.0.0.1 track.example  # tracker",
                "evil.example/dl/a.js", "evil2.example:8080", "!adblock comment", "two words here", "http://[::1",
                "%%%");
        assertThat(match(list, "http://x.ads.example/")).hasValue("ads.example");
        assertThat(match(list, "http://track.example/")).hasValue("track.example");
        assertThat(match(list, "https://evil.example/dl/a.js")).hasValue("https://evil.example/dl/a.js");
        assertThat(match(list, "http://evil.example/dl/a.js")).hasValue("http://evil.example/dl/a.js");
        assertThat(match(list, "http://evil.example/")).isEmpty();
        assertThat(match(list, "http://evil2.example/")).hasValue("evil2.example");
        assertThat(list.skippedLines()).isEqualTo(3);
        assertThat(list.hostEntries()).isEqualTo(3);
        assertThat(list.urlEntries()).isEqualTo(2);
    }

    @Test
    void idnEntriesMatchUnicodeAndPunycodeSpellings() {
        UrlBlocklist list = UrlBlocklist.of("bücher.example");
        assertThat(match(list, "http://xn--bcher-kva.example/")).hasValue("xn--bcher-kva.example");
        assertThat(match(list, "http://www.BÜCHER.example/")).hasValue("xn--bcher-kva.example");
    }

    /** Prints load time, table size and heap growth for a million generated URLhaus-like entries. */
    @Test
    void millionEntryLoadMeasurement() throws IOException {
        int entries = 1_000_000;
        Path file = temp.resolve("urlhaus.txt");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# generated: 70% URLs (names and IP hosts), 30% bare hosts\n");
            for (int i = 0; i < entries; i++) {
                w.write(line(i));
                w.write('\n');
            }
        }
        long fileBytes = Files.size(file);
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();
        UrlBlocklist list = UrlBlocklist.load(file);
        long loadMs = (System.nanoTime() - start) / 1_000_000;
        long heapAfter = usedHeapAfterGc();

        assertThat(list.urlEntries() + list.hostEntries()).isEqualTo(entries);
        assertThat(list.skippedLines()).isZero();
        assertThat(match(list, "http://h70.site70.example/")).hasValue("h70.site70.example");
        assertThat(match(list, "http://a.h70.site70.example/")).hasValue("h70.site70.example");
        assertThat(match(list, "http://dl15.site15.example/bins/15/payload.exe"))
                .hasValue("http://dl15.site15.example/bins/15/payload.exe");
        assertThat(match(list, "http://dl15.site15.example/bins/15/other.exe")).isEmpty();

        int lookups = 200_000;
        int hits = 0;
        WebUrl[] probes = new WebUrl[1000];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = WebUrl.parse("https://www.n" + i + ".benign.example/path/" + i).orElseThrow();
        }
        long lookupStart = System.nanoTime();
        for (int i = 0; i < lookups; i++) {
            hits += list.match(probes[i % probes.length]).isPresent() ? 1 : 0;
        }
        double nsPerLookup = (System.nanoTime() - lookupStart) / (double) lookups;
        assertThat(hits).isZero();

        String report = String.format(Locale.ROOT, """
                        URL blocklist, %,d generated entries (%,d URLs, %,d hosts), file %.1f MB
                          load (read, normalise, fingerprint, sort): %,d ms
                          entry tables: %.1f MB (8 bytes an entry); heap growth after GC: %.1f MB
                          lookup of a 5-label non-listed URL (exact URL + 5 host suffixes): %.0f ns
                        """, entries, list.urlEntries(), list.hostEntries(), fileBytes / 1e6, loadMs,
                list.tableBytes() / 1e6, (heapAfter - heapBefore) / 1e6, nsPerLookup);
        System.out.print(report);
        Path out = Path.of("target", "url-blocklist-load.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private static String line(int i) {
        return switch (i % 10) {
            case 0, 1, 2 -> "h" + i + ".site" + i % 5000 + ".example";
            case 3, 4 -> "http://" + (i >>> 16 & 0xFF) + "." + (i >>> 8 & 0xFF) + "." + (i & 0xFF) + ".9:"
                    + (1024 + i % 60000) + "/i" + i;
            default -> "http://dl" + i + ".site" + i % 5000 + ".example/bins/" + i + "/payload.exe";
        };
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
