package dev.mamori.core.scan.content;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mamori.core.scan.content.Base64Differential.Mode;
import dev.mamori.core.scan.content.Base64Differential.Reads;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential Jazzer target: {@link LenientBase64InputStream} and mime4j's {@code Base64InputStream} give the same
 * transcript (bytes, warnings, exceptions; see {@link Base64Differential}) for any input, monitor mode and read
 * pattern. Replays {@code LenientBase64FuzzTestInputs/sameAsMime4j/} in normal runs; {@code scripts/fuzz.sh} fuzzes it.
 */
class LenientBase64FuzzTest {
    @FuzzTest(maxDuration = "30s")
    void sameAsMime4j(FuzzedDataProvider data) {
        Mode mode = data.pickValue(Mode.values());
        Reads reads = data.pickValue(Reads.values());
        long seed = data.consumeLong();
        byte[] input = data.consumeRemainingAsBytes();
        assertThat(Base64Differential.ours(input, mode, reads, seed))
                .isEqualTo(Base64Differential.mime4j(input, mode, reads, seed));
    }
}
