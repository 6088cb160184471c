package dev.mamori.core.scan.clamd;

import dev.mamori.core.scan.clamd.ClamdCrossCheckCorpus.Sample;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against a real clamd (skipped when it is not installed): a private instance on the generated signature set,
 * reached over TCP and over its Unix socket.
 */
class RealClamdTest {
    @TempDir
    static Path temp;
    private static PrivateClamd clamd;

    @BeforeAll
    static void start() throws IOException {
        clamd = RealClamdSupport.startOrSkip(temp);
    }

    @AfterAll
    static void stop() {
        if (clamd != null) {
            clamd.close();
        }
    }

    private static ClamdSettings over(ClamdAddress address) {
        return ClamdSettings.defaults().withAddress(address);
    }

    @Test
    void pingAndVersionOverTcpAndUnixSocket() throws IOException {
        for (ClamdAddress address : List.of(clamd.tcp(), clamd.unix())) {
            ClamdClient client = new ClamdClient(over(address));
            client.ping();
            assertThat(client.version()).startsWith("ClamAV ");
        }
    }

    @Test
    void eicarInAZipIsFoundInTheMessageAndInThePart() throws IOException {
        Sample zip = sample("eicar-zip");

        List<Detection> found = WalkAndScan.run(new ClamdEngine(over(clamd.unix())), zip.message(), temp)
                .detections();

        assertThat(found).extracting(Detection::category).containsOnly(ThreatCategory.VIRUS);
        assertThat(found).extracting(Detection::name).containsOnly("Eicar-Test-Signature.UNOFFICIAL");
        assertThat(found).extracting(d -> d.path().render())
                .containsExactly("message", "message \u203a part 2 \u203a eicar.zip");
    }

    @Test
    void cleanTextIsClean() throws IOException {
        assertThat(new ClamdClient(over(clamd.tcp()))
                .scan(new ByteArrayInputStream("nothing to see here\r\n".getBytes()))).isEmpty();
    }

    @Test
    void itemOverClamdsStreamMaxLengthIsTooLargeNeverClean() {
        // our limit is above clamd's: clamd replies and closes mid-stream; the client's write fails and it reads the
        // reply clamd left (Linux keeps received data readable after the reset)
        ClamdClient client = new ClamdClient(over(clamd.tcp()).withMaxStreamSize(64L * 1024 * 1024));
        byte[] big = new byte[(int) RealClamdSupport.STREAM_MAX_LENGTH + 1024 * 1024];

        assertThatThrownBy(() -> client.scan(new ByteArrayInputStream(big)))
                .isInstanceOf(ClamdStreamTooLargeException.class)
                .hasMessageContaining("too large for clamd")
                .hasMessageContaining("INSTREAM size limit exceeded");
    }

    @Test
    void itemJustUnderClamdsStreamMaxLengthIsScanned() throws IOException {
        ClamdClient client = new ClamdClient(over(clamd.tcp()).withMaxStreamSize(RealClamdSupport.STREAM_MAX_LENGTH));
        byte[] content = new byte[(int) RealClamdSupport.STREAM_MAX_LENGTH - 100];
        byte[] eicar = ClamdCrossCheckCorpus.eicar();
        System.arraycopy(eicar, 0, content, content.length - eicar.length, eicar.length);

        assertThat(client.scan(new ByteArrayInputStream(content))).containsExactly("Eicar-Test-Signature.UNOFFICIAL");
    }

    @Test
    void concurrentScansBeyondMaxConnectionsAllGetTheirVerdicts() throws Exception {
        ClamdMessageScanner scanner = new ClamdMessageScanner(over(clamd.unix()).withMaxConnections(3), temp);
        List<Sample> samples = ClamdCrossCheckCorpus.samples();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map<String, Set<String>>>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> CrossCheck.verdicts(scanner, samples)));
            }
            for (Future<Map<String, Set<String>>> run : runs) {
                assertThat(CrossCheck.againstExpected(run.get(60, TimeUnit.SECONDS), samples)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stoppedClamdIsAScannerErrorNotAPass() throws IOException {
        Path other = temp.resolve("other");
        java.nio.file.Files.createDirectories(other);
        PrivateClamd second = RealClamdSupport.startOrSkip(other);
        ClamdEngine engine = new ClamdEngine(over(second.tcp()));
        second.close();

        assertThatThrownBy(() -> WalkAndScan.run(engine, sample("eicar-attachment").message(), temp))
                .isInstanceOf(ClamdException.class)
                .hasMessageContaining("cannot connect to clamd");
    }

    private static Sample sample(String name) {
        return ClamdCrossCheckCorpus.samples().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
