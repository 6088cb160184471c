package dev.mamori.core.component;

import dev.mamori.core.config.ScanSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalComponentsTest {
    @Test
    void versionsIdentifyTheLoadedFilesAndUpdatesNeedASource(@TempDir Path dir) throws Exception {
        Path sigs = Files.writeString(dir.resolve("a.ndb"), "Test.A:0:*:41424344\n");
        ScanSettings scan = new ScanSettings(null, null, List.of(sigs), null, null, null);
        LocalComponents before = new LocalComponents(scan, "1.2.3");
        Files.writeString(sigs, "Test.A:0:*:41424345\n");
        LocalComponents after = new LocalComponents(scan, "1.2.3");

        assertThat(before.list()).extracting(ComponentStatus::name)
                .containsExactly("scan-engine", "virus-patterns", "url-blocklist", "heuristic-rules");
        assertThat(before.list().getFirst().currentVersion()).isEqualTo("1.2.3");
        String v1 = before.list().get(1).currentVersion();
        String v2 = after.list().get(1).currentVersion();
        assertThat(v1).startsWith("local-").hasSize(18).isNotEqualTo(v2);
        assertThat(before.list().get(2).currentVersion()).isEqualTo("none");
        assertThat(before.list()).allMatch(c -> c.state() == ComponentStatus.State.NOT_CONFIGURED);

        assertThatThrownBy(() -> before.updateNow("virus-patterns", "admin").toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class).hasMessageContaining("no update source");
        assertThatThrownBy(() -> before.rollback("virus-patterns", "admin").toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class);
    }
}
