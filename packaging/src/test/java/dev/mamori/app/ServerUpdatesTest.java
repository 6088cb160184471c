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
    void theAdminChannelUpdatesAndRollsBackThroughTheUpdater() throws Exception {
        Publisher publisher = new Publisher(tmp.resolve("site"));
        publisher.bundle(ComponentKind.VIRUS_PATTERNS, "1.0");
        publisher.index();
        try (UpdateServer site = new UpdateServer(publisher.dir)) {
            Path file = tmp.resolve("admin.yaml");
            Files.writeString(file, """
                    server: {name: t, dataDir: data}
                    pop3: {enabled: false}
                    admin: {bind: 127.0.0.1:0}
                    updates:
                      source: %s
                      trustedKeys: [%s]
                    """.formatted(site.url(), publisher.trustedKey()));
            try (MamoriServer server = MamoriServer.start(ConfigLoader.load(file), file)) {
                Path pw = Files.writeString(tmp.resolve("admin.pw"), "admin password 123\n");
                assertThat(cli("admin", "passwd", "--data-dir=" + tmp.resolve("data"), "admin", "--password-file", pw.toString()))
                        .isZero();
                String[] as = {"--server=127.0.0.1:" + server.admin().boundAddress().getPort(),
                        "--known-hosts=" + tmp.resolve("known_hosts"), "--password-file", pw.toString()};
                assertThat(cli(concat(new String[]{"update", "virus-patterns"}, as))).as(cliErr).isZero();
                publisher.bundle(ComponentKind.VIRUS_PATTERNS, "2.0");
                publisher.index();
                assertThat(cli(concat(new String[]{"update", "virus-patterns"}, as))).as(cliErr).isZero();
                assertThat(patterns(server).currentVersion()).isEqualTo("2.0");
                assertThat(cli(concat(new String[]{"rollback", "virus-patterns"}, as))).as(cliErr).isZero();
                assertThat(patterns(server).currentVersion()).isEqualTo("1.0");
                assertThat(patterns(server).state()).isEqualTo(ComponentStatus.State.PINNED);
                assertThat(cli(concat(new String[]{"components"}, as))).as(cliErr).isZero();
                assertThat(cliOut).contains("virus-patterns").contains("1.0").contains("pinned");
                server.runtime().store().flush();
                assertThat(server.runtime().store().queries().auditLog(null, null, "admin", 20))
                        .extracting(a -> a.action()).contains("component.rollback", "component.update");
            }
        }
    }

    private String cliOut;
    private String cliErr;

    private int cli(String... args) {
        java.io.StringWriter o = new java.io.StringWriter();
        java.io.StringWriter e = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new java.io.PrintWriter(o, true));
        cl.setErr(new java.io.PrintWriter(e, true));
        int code = cl.execute(args);
        cliOut = o.toString();
        cliErr = e.toString();
        return code;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void configCheckSummarisesUpdates() throws Exception {
        Publisher publisher = new Publisher(tmp.resolve("site"));
        assertThat(ConfigSummary.lines(config("https://updates.example.net/m/", publisher.trustedKey())))
                .anySatisfy(l -> assertThat(l).startsWith("component updates from https://updates.example.net/m/ every 15m"));
    }
}
