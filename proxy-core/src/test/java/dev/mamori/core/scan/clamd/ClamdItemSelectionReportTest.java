package dev.mamori.core.scan.clamd;

import dev.mamori.core.scan.clamd.ClamdCrossCheckCorpus.Sample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the {@link ClamdItemSelection} choices against a real clamd on the cross-check corpus: which verdicts each
 * gets right, how many items and bytes it sends, and the time per message. Writes
 * {@code target/clamd-report/selection.txt}; asserts that the default gets every verdict right.
 */
class ClamdItemSelectionReportTest {
    private static final int ROUNDS = 15;
    private static final int WARM_UP = 3;

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

    private record Measured(List<String> wrong, double itemsPerMessage, double bytesPerMessage, double msPerMessage) {
    }

    @Test
    void everySelectionMeasuredAndTheDefaultGetsEveryVerdictRight() throws IOException {
        List<Sample> samples = ClamdCrossCheckCorpus.samples();
        Map<ClamdItemSelection, ClamdMessageScanner> firstRun = new EnumMap<>(ClamdItemSelection.class);
        Map<ClamdItemSelection, List<String>> wrong = new EnumMap<>(ClamdItemSelection.class);
        for (ClamdItemSelection mode : ClamdItemSelection.values()) {
            ClamdMessageScanner scanner = new ClamdMessageScanner(settings(mode), temp);
            wrong.put(mode, CrossCheck.againstExpected(CrossCheck.verdicts(scanner, samples), samples));
            firstRun.put(mode, scanner);
        }
        // rounds interleave the choices (and a walk without clamd, the baseline), so JIT warm-up and machine noise
        // spread over all of them alike
        Map<ClamdItemSelection, Long> nanos = new EnumMap<>(ClamdItemSelection.class);
        long walkOnly = 0;
        for (int round = 0; round < ROUNDS + WARM_UP; round++) {
            long t0 = System.nanoTime();
            CrossCheck.verdicts(message -> {
                WalkAndScan.run((WalkAndScan.ItemScanner) item -> List.of(), message, temp);
                return Set.of();
            }, samples);
            if (round >= WARM_UP) {
                walkOnly += System.nanoTime() - t0;
            }
            for (ClamdItemSelection mode : ClamdItemSelection.values()) {
                long t = System.nanoTime();
                CrossCheck.verdicts(new ClamdMessageScanner(settings(mode), temp), samples);
                if (round >= WARM_UP) {
                    nanos.merge(mode, System.nanoTime() - t, Long::sum);
                }
            }
        }
        double messages = (double) ROUNDS * samples.size();
        Map<ClamdItemSelection, Measured> results = new EnumMap<>(ClamdItemSelection.class);
        for (ClamdItemSelection mode : ClamdItemSelection.values()) {
            ClamdMessageScanner s = firstRun.get(mode);
            results.put(mode, new Measured(wrong.get(mode), s.itemsSent() / (double) samples.size(),
                    s.bytesSent() / (double) samples.size(), nanos.get(mode) / 1e6 / messages));
        }

        Path report = write(results, samples.size(), walkOnly / 1e6 / messages);
        System.out.println(Files.readString(report));
        ClamdItemSelection chosen = ClamdSettings.defaults().items();
        assertThat(results.get(chosen).wrong()).as("verdicts of the default selection %s", chosen).isEmpty();
        // the reason to choose at all: every choice sends fewer items than ALL
        results.forEach((mode, m) -> assertThat(m.itemsPerMessage())
                .isLessThanOrEqualTo(results.get(ClamdItemSelection.ALL).itemsPerMessage()));
    }

    private static ClamdSettings settings(ClamdItemSelection mode) {
        return ClamdSettings.defaults().withAddress(clamd.tcp()).withItems(mode);
    }

    private static Path write(Map<ClamdItemSelection, Measured> results, int samples, double walkOnlyMs)
            throws IOException {
        StringBuilder sb = new StringBuilder("clamd item selection on the cross-check corpus (" + samples
                + " messages, " + ROUNDS + " timed rounds, clamd " + clamd.tcp() + ", started in "
                + clamd.startup().toMillis() + " ms)\n\n");
        sb.append(String.format("%-24s %8s %10s %10s %8s%n", "selection", "items/msg", "bytes/msg", "ms/msg",
                "wrong"));
        results.forEach((mode, m) -> sb.append(String.format("%-24s %8.2f %10.0f %10.3f %8d%n", mode,
                m.itemsPerMessage(), m.bytesPerMessage(), m.msPerMessage(), m.wrong().size())));
        sb.append(String.format("%-24s %8s %10s %10.3f%n", "(walk only, no clamd)", "-", "-", walkOnlyMs));
        results.forEach((mode, m) -> m.wrong().forEach(w -> sb.append(mode).append(": ").append(w).append('\n')));
        Path dir = Files.createDirectories(Path.of("target", "clamd-report"));
        return Files.writeString(dir.resolve("selection.txt"), sb.toString(), StandardCharsets.UTF_8);
    }
}
