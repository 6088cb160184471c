package dev.mamori.core.runtime;

import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyRuntimeTest {
    @TempDir
    Path dataDir;

    @Test
    void startRemovesTransientCopiesLeftByACrashAndNothingElse() throws Exception {
        Files.createDirectories(dataDir.resolve("spool"));
        Files.createDirectories(dataDir.resolve("scan-tmp"));
        Files.createDirectories(dataDir.resolve("quarantine"));
        Path spoolLeft = Files.writeString(dataDir.resolve("spool/spool-123-abc.tmp"), "half a message");
        Path itemLeft = Files.writeString(dataDir.resolve("scan-tmp/item-42.tmp"), "an attachment");
        Path foreign = Files.writeString(dataDir.resolve("spool/README"), "not ours to delete");
        Path quarantined = Files.writeString(dataDir.resolve("quarantine/Q-20260101-00000000.eml"), "kept");

        MamoriConfig config = new MamoriConfig(new ServerSettings("t", dataDir), null, null, null, null);
        try (ProxyRuntime runtime = ProxyRuntime.start(config)) {
            assertThat(runtime.engines()).extracting(e -> e.name()).containsExactly("signatures", "heuristics");
        }
        assertThat(spoolLeft).doesNotExist();
        assertThat(itemLeft).doesNotExist();
        assertThat(foreign).exists();
        assertThat(quarantined).exists();
    }
}
