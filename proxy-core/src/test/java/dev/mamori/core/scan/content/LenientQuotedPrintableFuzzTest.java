package dev.mamori.core.scan.content;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mamori.core.scan.content.QuotedPrintableDifferential.Mode;
import dev.mamori.core.scan.content.QuotedPrintableDifferential.Reads;

/**
 * Differential Jazzer target: {@link LenientQuotedPrintableInputStream}, under any chunking of the underlying stream
 * and any read pattern, gives what mime4j's {@code QuotedPrintableInputStream} gives reading the whole body at once
 * (bytes, warnings, exceptions; see {@link QuotedPrintableDifferential}). Replays
 * {@code LenientQuotedPrintableFuzzTestInputs/sameAsMime4jWholeRead/} in normal runs; {@code scripts/fuzz.sh} fuzzes
 * it.
 */
class LenientQuotedPrintableFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void sameAsMime4jWholeRead(FuzzedDataProvider data) {
        Mode mode = data.pickValue(Mode.values());
        Reads reads = data.pickValue(Reads.values());
        long seed = data.consumeLong();
        byte[] input = data.consumeRemainingAsBytes();
        String difference = QuotedPrintableDifferential.difference(input, mode,
                QuotedPrintableDifferential.ours(input, mode, reads, seed));
        if (difference != null) {
            throw new AssertionError(mode + ", " + reads + ", seed " + seed + "\n" + difference);
        }
    }
}
