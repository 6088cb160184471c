package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.EngineHarness;
import dev.mamori.core.scan.engine.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeceptiveLinkTest {
    @TempDir
    Path temp;

    private List<Detection> html(String body) throws IOException {
        return EngineHarness.scan(new HeuristicEngine(), TestMail.html("<html><body>" + body + "</body></html>"), temp);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<a href=\"http://evil.example/login\">https://www.mybank.com</a>",
            "<a href='http://evil.example/login'>www.mybank.com</a>",
            "<a href=http://evil.example/login>mybank.com</a>",
            "<A HREF=\"http://evil.example/login\"><span style=\"x\">https://</span><b>www.mybank.com</b></A>",
            "<a href=\"http://198.51.100.7/login\">https://www.mybank.com/login</a>",
            "<a href=\"&#104;&#116;&#116;&#112;://evil.example/\">www.mybank.com</a>",
            "<a href=\"http://www.mybank.com.evil.example/\">https://www.mybank.com</a>",
            "<a href=\"http://www.mybank.com@evil.example/\">https://www.mybank.com</a>",
            "<a href=\"http://evil.example/\">www.my\u200Bbank.com</a>",
            "<a href=\"http://evil.example/\">&lt;https://www.mybank.co.uk&gt;</a>",
            "<a href=\"https://mybank.github.io/\">https://evil.github.io</a>",
            "<a class=\"btn\" href=\"//evil.example/x\">https://secure.mybank.com.au</a>"})
    void linkTextShowsAnotherSite(String anchor) throws IOException {
        assertThat(html(anchor)).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("Heuristic.DeceptiveLink");
            assertThat(d.detail()).startsWith("a link shows ");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<a href=\"https://login.mybank.com/\">https://www.mybank.com</a>",
            "<a href=\"https://www.mybank.co.uk/x\">mybank.co.uk</a>",
            "<a href=\"http://evil.example/\">Click here to log in</a>",
            "<a href=\"http://evil.example/\">Visit www.mybank.com today</a>",
            "<a href=\"http://evil.example/\">invoice.pdf</a>",
            "<a href=\"http://evil.example/\">report.zip</a>",
            "<a href=\"mailto:help@mybank.com\">help@mybank.com</a>",
            "<a href=\"http://evil.example/\">help@mybank.com</a>",
            "<a href=\"/relative/path\">www.mybank.com</a>",
            "<a href=\"#top\">www.mybank.com</a>",
            "<a href=\"https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.mybank.com\">"
                    + "https://www.mybank.com</a>",
            "<a name=\"anchor\">www.mybank.com</a>",
            "<a href=\"https://www.mybank.com\"><img src=\"logo.png\"></a>"})
    void honestLinks(String anchor) throws IOException {
        assertThat(html(anchor)).isEmpty();
    }

    @Test
    void eachMisleadingPairIsReportedOnceAndAtMostFiveTimes() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            sb.append("<a href=\"http://evil.example/\">www.mybank.com</a>");
        }
        for (int i = 0; i < 20; i++) {
            sb.append("<a href=\"http://evil").append(i).append(".example/\">www.mybank.com</a>");
        }
        assertThat(html(sb.toString())).hasSize(5).first()
                .satisfies(d -> assertThat(d.detail()).isEqualTo("a link shows www.mybank.com but leads to evil.example"));
    }

    @Test
    void unclosedAnchorsCostLinearTime() throws IOException {
        String many = "<a href=\"http://x.example/\">text ".repeat(50_000);
        long start = System.nanoTime();
        assertThat(html(many)).isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(5_000);
    }

    @Test
    void plainTextPartsAreNotHtml() throws IOException {
        assertThat(EngineHarness.scan(new HeuristicEngine(),
                TestMail.text("<a href=\"http://evil.example/\">www.mybank.com</a>"), temp)).isEmpty();
    }

    @Test
    void visibleTextDropsTagsReferencesAndInvisibleCharacters() {
        assertThat(HtmlAnchors.visible("<b>www.</b>my&#98;ank<span>.com</span>\u200D")).isEqualTo("www.mybank.com");
        assertThat(HtmlAnchors.visible("  Log<br>in \u00A0 now ")).isEqualTo("Log in now");
    }
}
