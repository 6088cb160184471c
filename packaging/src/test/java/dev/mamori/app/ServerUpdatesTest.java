package dev.mamori.app;

import dev.mamori.core.component.ComponentKind;
import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.component.Publisher;
import dev.mamori.core.component.Scans;
import dev.mamori.core.component.update.UpdateServer;
import dev.mamori.core.config.ConfigLoader;
import dev.mamori.core.config.MamoriConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole server with {@code updates:}: the check at start installs the published version before anything else, the
 * status list shows it, and a restart with the source gone keeps using the installed version (verified again).
 */
class ServerUpdatesTest {
    @TempDir
    Path tmp;

    private MamoriConfig config(String source, String key) throws Exception {
        Path file = tmp.resolve("mamori.yaml");
        Files.writeString(file, """
                server: {name: t, dataDir: data}
                updates:
                  source: %s
                  trustedKeys: [%s]
                  timeout: 5s
                """.formatted(source, key));
        return ConfigLoader.load(file);
    }

    private static ComponentStatus patterns(MamoriServer s) {
        return s.runtime().components().list().stream().filter(c -> c.name().equals("virus-patterns")).findFirst().orElseThrow();
    }

    @Test
    void startInstallsAndRestartKeepsTheCurrentVersion() throws Exception {
        Publisher publisher = new Publisher(tmp.resolve("site"));
        publisher.bundle(ComponentKind.VIRUS_PATTERNS, "2026.11.25.1");
        publisher.index();
        try (UpdateServer site = new UpdateServer(publisher.dir);
             MamoriServer server = MamoriServer.start(config(site.url(), publisher.trustedKey()))) {
            // the check at start runs on the updater thread; an explicit update waits for it and finds nothing newer
            ComponentStatus s = server.runtime().components().updateNow("virus-patterns", "admin")
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertThat(s.currentVersion()).isEqualTo("2026.11.25.1");
            assertThat(s.state()).isEqualTo(ComponentStatus.State.UP_TO_DATE);
            assertThat(server.runtime().components().list()).extracting(ComponentStatus::name)
                    .containsExactly("scan-engine", "virus-patterns", "url-blocklist", "heuristic-rules");
        }
        assertThat(tmp.resolve("data/components/virus-patterns/current")).hasContent("2026.11.25.1");

        try (MamoriServer again = MamoriServer.start(config("http://127.0.0.1:9/", publisher.trustedKey()))) {
            assertThat(patterns(again).currentVersion()).isEqualTo("2026.11.25.1");
            var svc = Scans.service(tmp.resolve("scan-tmp"), again.runtime()::engines, again.runtime().scanExecutor());
            assertThat(Scans.names(Scans.scan(svc, Scans.message(Publisher.marker("2026.11.25.1")))))
                    .containsExactly("Mamori.Test.Marker");
        }
    }

    @Test
    void configCheckSummarisesUpdates() throws Exception {
        Publisher publisher = new Publisher(tmp.resolve("site"));
        assertThat(ConfigSummary.lines(config("https://updates.example.net/m/", publisher.trustedKey())))
                .anySatisfy(l -> assertThat(l).startsWith("component updates from https://updates.example.net/m/ every 15m"));
    }
}
