package dev.mamori.core.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EventStoreDurabilityTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aProcessKilledDuringABurstLeavesWholeBatchesAndAnIntactDatabase() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), StoreBurstMain.class.getName(), dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo(StoreBurstMain.READY);
            // Let the writer commit a few hundred batches; the kill then lands while one is being written.
            Thread.sleep(300);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        try (EventStore store = EventStore.open(dir)) {
            Path file = store.file();
            assertThat(TestDb.stringQuery(file, "PRAGMA integrity_check")).isEqualTo("ok");
            long messages = TestDb.count(file, "messages");
            System.out.printf("event store: %d messages survived the kill%n", messages);
            assertThat(messages).isGreaterThanOrEqualTo(StoreBurstMain.FIRST_FLUSH);
            // The writer commits in queue order, so what survived is exactly the sequence 0..n-1...
            assertThat(TestDb.longQuery(file, "SELECT min(size) FROM messages")).isZero();
            assertThat(TestDb.longQuery(file, "SELECT max(size) FROM messages")).isEqualTo(messages - 1);
            assertThat(TestDb.longQuery(file, "SELECT count(DISTINCT size) FROM messages")).isEqualTo(messages);
            // ...and no message lost part of its detections: a batch is committed whole or not at all.
            assertThat(TestDb.count(file, "detections"))
                    .isEqualTo(messages * StoreBurstMain.DETECTIONS_PER_MESSAGE);
            assertThat(TestDb.longQuery(file, """
                    SELECT count(*) FROM messages m
                    WHERE (SELECT count(*) FROM detections d WHERE d.message_row_id = m.id) != 3""")).isZero();

            // The reopened store goes on writing after the survivors.
            store.record(TestEvents.clean(Instant.now(), messages));
            store.flush();
            assertThat(TestDb.count(file, "messages")).isEqualTo(messages + 1);
        }
    }
}
