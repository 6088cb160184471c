package dev.mamori.core.scan.content;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz target for the walker. In a normal test run it replays the seeds in
 * {@code MessageWalkerFuzzTestInputs/walkerNeverFails/} (regression mode, a fraction of a second); with
 * {@code JAZZER_FUZZ=1} it fuzzes. The property: whatever the bytes, the walk returns a result within its limits,
 * never throws, and leaves no temp file.
 */
class MessageWalkerFuzzTest {
    private static final ScanLimits LIMITS = ScanLimits.defaults().withMaxItemSize(4L << 20).withMaxTotalSize(16L << 20)
            .withMaxScanTime(Duration.ofSeconds(5));

    @TempDir
    Path temp;

    @FuzzTest(maxDuration = "30s")
    void walkerNeverFails(byte[] message) throws IOException {
        long[] seen = new long[1];
        WalkResult result = new MessageWalker(LIMITS, new ItemStorage(temp, FileTypeDetector.HEAD_SIZE))
                .walk(new ByteArrayInputStream(message), item -> {
                    seen[0]++;
                    assertThat(item.size()).isLessThanOrEqualTo(LIMITS.maxItemSize());
                    assertThat(item.depth()).isLessThanOrEqualTo(LIMITS.maxDepth());
                });
        assertThat(result.items()).isEqualTo(seen[0]);
        assertThat(result.decodedBytes()).isLessThanOrEqualTo(LIMITS.maxTotalSize() + 64 * 1024);
        assertThat(result.elapsed()).isLessThan(LIMITS.maxScanTime().plusSeconds(2));
        try (var left = Files.list(temp)) {
            assertThat(left).isEmpty();
        }
    }
}
