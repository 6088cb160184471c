package dev.mamori.core.scan.url;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UrlExtractorTest {
    private final UrlExtractor extractor = new UrlExtractor();

    private List<String> text(String s) {
        return extractor.extract(s, false).stream().map(WebUrl::normalised).toList();
    }

    private List<String> html(String s) {
        return extractor.extract(s, true).stream().map(WebUrl::normalised).toList();
    }

    @Test
    void plainTextSchemesAndWww() {
        assertThat(text("see http://a.example/x, https://b.example:8443/y and ftp://c.example/z; also "
                + "www.d.example/w. Thanks"))
                .containsExactly("http://a.example/x", "https://b.example:8443/y", "ftp://c.example/z",
                        "http://www.d.example/w");
    }

    @Test
    void trailingPunctuationAndBrackets() {
        assertThat(text("(see http://a.example/x) or <http://b.example/>. \"http://c.example/q?a=1\"! "
                + "http://en.wikipedia.org/wiki/Foo_(bar) [http://d.example/]"))
                .containsExactly("http://a.example/x", "http://b.example/", "http://c.example/q?a=1",
                        "http://en.wikipedia.org/wiki/Foo_(bar)", "http://d.example/");
    }

    @Test
    void htmlAttributesEntitiesAndProtocolRelative() {
        assertThat(html("<a href=\"&#104;&#x74;tp://a.example/?x=1&amp;y=2\">here</a>"
                + "<img src='//cdn.example/p.png'><form action=https://b.example/post></form>"
                + "<p>Text link: https&#58;//c.example/t</p>"))
                .containsExactlyInAnyOrder("http://a.example/?x=1&y=2", "http://cdn.example/p.png",
                        "https://b.example/post", "https://c.example/t");
    }

    @Test
    void hostsAreDecodedAndConvertedToAscii() {
        assertThat(text("http://%65vil.example/ http://bücher.example/ http://0x7f.1/ "
                + "http://www.mybank.com@evil.example/"))
                .as("the user-info URL leads to evil.example too, so it is the same URL")
                .containsExactly("http://evil.example/", "http://xn--bcher-kva.example/", "http://127.0.0.1/");
    }

    @Test
    void eachUrlOnce() {
        assertThat(text("http://a.example/ HTTP://A.EXAMPLE:80/ http://a.example/#frag")).containsExactly(
                "http://a.example/");
    }

    @Test
    void boundedByUrlCountAndBytes() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append("http://h").append(i).append(".example/ ");
        }
        UrlExtractor few = new UrlExtractor(new UrlExtractor.Limits(10, 1 << 20));
        assertThat(few.extract(sb.toString(), false)).hasSize(10);
        UrlExtractor shortWindow = new UrlExtractor(new UrlExtractor.Limits(1000, 100));
        assertThat(shortWindow.extract(sb.toString(), false)).hasSizeLessThan(10);
    }

    @Test
    void wordsThatAreNotUrls() {
        assertThat(text("the www is big; mail me at a@www.example.org; http:// nothing; see file.pdf")).isEmpty();
    }
}
