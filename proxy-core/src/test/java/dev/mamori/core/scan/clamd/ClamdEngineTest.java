package dev.mamori.core.scan.clamd;

import dev.mamori.core.scan.content.ContentPath;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.mamori.core.scan.clamd.TestMail.ascii;
import static dev.mamori.core.scan.clamd.TestMail.attachedMessage;
import static dev.mamori.core.scan.clamd.TestMail.attachment;
import static dev.mamori.core.scan.clamd.TestMail.multipart;
import static dev.mamori.core.scan.clamd.TestMail.text;
import static dev.mamori.core.scan.clamd.TestMail.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClamdEngineTest {
    /** A message with a text part, a zip holding a member, and an attached message with a part of its own. */
    private static final byte[] MESSAGE = multipart("selection", text("hello\n"),
            attachment("a.zip", zip(Map.of("BAD.txt", ascii("inside zip\n")))),
            attachedMessage(multipart("fwd", text("forwarded BAD text\n"))));

    @TempDir
    Path temp;
    private FakeClamd clamd;

    @BeforeEach
    void start() throws IOException {
        clamd = FakeClamd.tcp();
        // the fake "finds" anything containing BAD; it unpacks nothing, but a zip keeps its member names in clear
        clamd.verdict = data -> List.of(new String(data, StandardCharsets.ISO_8859_1).contains("BAD")
                ? "stream: Fake.Bad.UNOFFICIAL FOUND" : "stream: OK");
    }

    @AfterEach
    void stop() throws IOException {
        clamd.close();
    }

    private ClamdEngine engine(ClamdItemSelection items) {
        return new ClamdEngine(ClamdSettings.defaults().withAddress(clamd.address()).withItems(items));
    }

    private List<Integer> sentSizes() {
        return clamd.received().stream().map(r -> r.data().length).toList();
    }

    @Test
    void messageSelectionSendsTheRawMessageOnce() throws IOException {
        WalkAndScan run = WalkAndScan.run(engine(ClamdItemSelection.MESSAGE), MESSAGE, temp);

        assertThat(sentSizes()).containsExactly(MESSAGE.length);
        assertThat(run.detections()).containsExactly(new Detection(ThreatCategory.VIRUS, "Fake.Bad.UNOFFICIAL",
                "clamd", ContentPath.message(), "clamd found it in the message as a whole"));
    }

    @Test
    void mimeLeavesSelectionSendsDecodedLeavesNotMembersNorMessages() throws IOException {
        WalkAndScan run = WalkAndScan.run(engine(ClamdItemSelection.MIME_LEAVES), MESSAGE, temp);

        // text, zip, and the attached message's text; not the root, the attached message, nor the zip member
        assertThat(clamd.received()).hasSize(3);
        assertThat(run.paths()).hasSizeGreaterThan(3);
        assertThat(run.detections()).extracting(d -> d.path().render()).containsExactly(
                "message \u203a part 2 \u203a a.zip",
                "message \u203a part 3 \u203a forwarded.eml \u203a part 1");
        assertThat(run.detections()).allSatisfy(d -> assertThat(d.detail()).startsWith("clamd found it in this "));
    }

    @Test
    void messageAndLeavesSelectionAddsTheRawMessage() throws IOException {
        WalkAndScan.run(engine(ClamdItemSelection.MESSAGE_AND_MIME_LEAVES), MESSAGE, temp);

        assertThat(clamd.received()).hasSize(4);
        assertThat(sentSizes().getFirst()).isEqualTo(MESSAGE.length);
    }

    @Test
    void allSelectionSendsEveryItem() throws IOException {
        WalkAndScan run = WalkAndScan.run(engine(ClamdItemSelection.ALL), MESSAGE, temp);

        assertThat(clamd.received()).hasSize(run.paths().size());
    }

    @Test
    void itemOverMaxStreamSizeIsTooLargeWithoutConnecting() {
        ClamdEngine engine = new ClamdEngine(ClamdSettings.defaults().withAddress(clamd.address())
                .withItems(ClamdItemSelection.MESSAGE).withMaxStreamSize(100));

        assertThatThrownBy(() -> WalkAndScan.run(engine, MESSAGE, temp))
                .isInstanceOf(ClamdStreamTooLargeException.class)
                .hasMessageContaining("too large for clamd: message is " + MESSAGE.length + " bytes, clamd accepts "
                        + "at most 100");
        assertThat(clamd.connectionsAccepted()).isZero();
    }

    @Test
    void clamdErrorFailsTheScanAndNamesTheItem() {
        clamd.verdict = data -> List.of("Can't create temporary file ERROR");

        assertThatThrownBy(() -> WalkAndScan.run(engine(ClamdItemSelection.MESSAGE), MESSAGE, temp))
                .isInstanceOf(ClamdException.class)
                .hasMessageContaining("Can't create temporary file")
                .hasMessageContaining("(scanning message)");
    }

    @Test
    void unreachableClamdFailsTheScan() throws IOException {
        // a port that was just free and has no listener (closing a server with a thread blocked in accept can leave
        // its socket listening for a moment, so the fake server is not used for this)
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ClamdAddress gone = ClamdAddress.parse("tcp:127.0.0.1:" + port);

        assertThatThrownBy(() -> WalkAndScan.run(new ClamdEngine(ClamdSettings.defaults().withAddress(gone)),
                MESSAGE, temp))
                .isInstanceOf(ClamdException.class)
                .hasMessageContaining("cannot connect to clamd");
    }

    @Test
    void nameIsClamd() {
        assertThat(engine(ClamdItemSelection.MESSAGE).name()).isEqualTo("clamd");
    }
}
