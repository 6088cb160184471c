package dev.mamori.core.scan.url;

import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.EngineHarness;
import dev.mamori.core.scan.engine.TestMail;
import dev.mamori.core.scan.engine.ThreatCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UrlEngineTest {
    @TempDir
    Path temp;

    private final UrlEngine engine = new UrlEngine(
            UrlBlocklist.of("evil.example", "http://dl.example/bins/x.exe"), new UrlExtractor());

    private List<Detection> scan(byte[] message) throws IOException {
        return EngineHarness.scan(engine, message, temp);
    }

    @Test
    void listedUrlInAnHtmlPart() throws IOException {
        assertThat(scan(TestMail.html("<p>Your parcel: <a href=\"https://track.evil.example/p?id=1\">track</a></p>")))
                .singleElement().satisfies(d -> {
                    assertThat(d.category()).isEqualTo(ThreatCategory.MALICIOUS_URL);
                    assertThat(d.name()).isEqualTo("Url.Blocklisted");
                    assertThat(d.engine()).isEqualTo("urls");
                    assertThat(d.path().render()).isEqualTo("message \u203a part 1");
                    assertThat(d.detail()).isEqualTo(
                            "https://track.evil.example/p?id=1 is on the URL blocklist (host entry evil.example)");
                });
    }

    @Test
    void listedUrlInPlainTextAndInATextAttachment() throws IOException {
        assertThat(scan(TestMail.text("download: http://DL.example/bins/x.exe."))).extracting(Detection::detail)
                .containsExactly("http://dl.example/bins/x.exe is on the URL blocklist "
                        + "(url entry http://dl.example/bins/x.exe)");
        assertThat(scan(TestMail.withAttachment("links.txt", TestMail.ascii("see www.evil.example/a\n"))))
                .extracting(d -> d.path().last()).containsExactly("links.txt");
    }

    @Test
    void oneDetectionPerEntryAndNoneForCleanOrBinaryParts() throws IOException {
        assertThat(scan(TestMail.html("<a href=\"http://a.evil.example/\">a</a> http://b.evil.example/ "
                + "http://evil.example/x"))).hasSize(1);
        assertThat(scan(TestMail.html("<a href=\"https://notevil.example/\">fine</a>"))).isEmpty();
        // a URL inside binary content is not a link anyone sees
        byte[] binary = new byte[512];
        byte[] url = TestMail.ascii("http://evil.example/");
        System.arraycopy(url, 0, binary, 100, url.length);
        assertThat(scan(TestMail.withAttachment("blob.bin", binary))).isEmpty();
    }

    @Test
    void theRawMessageIsNotScannedTwice() throws IOException {
        // the depth-0 item holds the same URL still quoted-printable; only the decoded part may report it
        assertThat(scan(TestMail.html("<a href=\"http://evil.example/" + "x".repeat(80) + "\">a</a>")))
                .extracting(d -> d.path().render()).containsExactly("message \u203a part 1");
    }
}
