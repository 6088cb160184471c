package dev.mamori.app;

import dev.mamori.core.config.ConfigLoader;
import dev.mamori.core.config.MamoriConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mamori admin ...} on the accounts file and the remote commands against a real server's admin channel. */
class RemoteCommandsTest {
    @TempDir
    Path dir;
    MamoriServer server;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        Path config = Files.writeString(dir.resolve("mamori.yaml"), """
                server:
                  name: cli-test
                  dataDir: data
                pop3:
                  enabled: false
                admin:
                  bind: 127.0.0.1:0
                """);
        MamoriConfig c = ConfigLoader.load(config);
        server = MamoriServer.start(c, config);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void accountsAreManagedLocallyAndTheRemoteCommandsUseThem() throws Exception {
        String data = "--data-dir=" + dir.resolve("data");
        assertThat(run("admin", "list", data)).isZero();
        assertThat(out.toString()).contains("admin").contains("must change password at next login");

        Path adminPw = Files.writeString(dir.resolve("admin.pw"), "admin password 123\n");
        assertThat(run("admin", "passwd", data, "admin", "--password-file", adminPw.toString())).as(err.toString()).isZero();
        Path viewerPw = Files.writeString(dir.resolve("viewer.pw"), "viewer password 123\n");
        assertThat(run("admin", "add", data, "olga", "--role", "viewer", "--password-file", viewerPw.toString()))
                .as(err.toString()).isZero();
        assertThat(run("admin", "list", data)).isZero();
        assertThat(out.toString()).contains("olga").doesNotContain("must change");
        assertThat(Files.readString(dir.resolve("data/admin/accounts.json"))).doesNotContain("admin password 123");

        String server = "--server=127.0.0.1:" + this.server.admin().boundAddress().getPort();
        String hosts = "--known-hosts=" + dir.resolve("known_hosts");
        String[] asAdmin = {server, hosts, "--password-file", adminPw.toString()};

        assertThat(run(concat(new String[]{"status"}, asAdmin))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("server:   cli-test").contains("pop3 on");
        assertThat(Files.readString(dir.resolve("known_hosts"))).contains(this.server.admin().hostKeyFingerprint());

        assertThat(run(concat(new String[]{"service", "disable", "pop3"}, asAdmin))).as(err.toString()).isZero();
        assertThat(run(concat(new String[]{"status", "--json"}, asAdmin))).isZero();
        assertThat(out.toString()).contains("\"pop3\" : false");

        assertThat(run("service", "enable", "pop3", server, hosts, "--user", "olga", "--password-file",
                viewerPw.toString())).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(err.toString()).contains("refused (forbidden)");

        assertThat(run(concat(new String[]{"components"}, asAdmin))).isZero();
        assertThat(out.toString()).containsPattern("NAME +VERSION");
        assertThat(run(concat(new String[]{"update", "virus-patterns"}, asAdmin))).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(err.toString()).contains("no update source");
        assertThat(run(concat(new String[]{"detections", "--since", "1h"}, asAdmin))).isZero();
        assertThat(run(concat(new String[]{"tracking", "--account", "alice"}, asAdmin))).isZero();
        assertThat(run(concat(new String[]{"remote", "quarantine", "list"}, asAdmin))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("(none)");
        assertThat(run(concat(new String[]{"audit", "--limit", "20"}, asAdmin))).isZero();
        assertThat(out.toString()).containsPattern("admin +service\\.disable +pop3 +ok")
                .containsPattern("olga +service\\.enable +pop3 +denied");

        Path wrong = Files.writeString(dir.resolve("wrong.pw"), "not it at all\n");
        assertThat(run("status", server, hosts, "--password-file", wrong.toString())).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(err.toString()).contains("authentication as 'admin'");
    }

    /** MamoriServer keeps a redacted ring of its log for {@code log.tail}, which a viewer may read. */
    @Test
    void theServerServesItsRedactedLogTailToAViewer() throws Exception {
        dev.mamori.core.admin.AdminAccounts accounts = new dev.mamori.core.admin.AdminAccounts(
                dir.resolve("data/admin/accounts.json"));
        accounts.add(new dev.mamori.core.admin.AdminAccount("vera", dev.mamori.core.admin.Role.VIEWER,
                dev.mamori.core.admin.PasswordHash.hash("viewer password 123".toCharArray()), null, false));
        org.apache.logging.log4j.LogManager.getLogger("dev.mamori.test").error("tail check PASS hunter2");
        try (dev.mamori.core.admin.client.AdminClient client = dev.mamori.core.admin.client.AdminClient.connect(
                "127.0.0.1", server.admin().boundAddress().getPort(), "vera", "viewer password 123".toCharArray(),
                new dev.mamori.core.admin.client.KnownHosts(dir.resolve("known_hosts")))) {
            // the tail redacts on its own thread: the line arrives a moment after the call
            dev.mamori.core.log.LogBuffer.Tail tail = client.logTail(0, 2000);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (tail.lines().stream().noneMatch(l -> l.message().startsWith("tail check"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
                tail = client.logTail(0, 2000);
            }
            assertThat(tail.lines()).extracting(dev.mamori.core.log.LogLine::message)
                    .contains("tail check PASS ******")
                    .allSatisfy(m -> assertThat(m).doesNotContain("hunter2"));
            assertThat(client.logTail(tail.last(), 10).lines()).noneMatch(l -> l.message().startsWith("tail check"));
        }
    }

    @Test
    void aKeyOnlyAccountLogsInWithAnOpenSshKey() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")),
                "needs ssh-keygen (openssh-client)");
        String data = "--data-dir=" + dir.resolve("data");
        String server = "--server=127.0.0.1:" + this.server.admin().boundAddress().getPort();
        String hosts = "--known-hosts=" + dir.resolve("known_hosts");
        for (String type : new String[]{"ecdsa", "ed25519"}) {
            Path key = dir.resolve("id_" + type);
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "bot@test", "-f",
                    key.toString()).redirectErrorStream(true).start();
            assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
            String user = "bot-" + type;
            assertThat(run("admin", "add", data, user, "--role", "viewer", "--no-password", "--key",
                    key + ".pub")).as(err.toString()).isZero();
            assertThat(run("status", server, hosts, "--user", user, "--identity", key.toString()))
                    .as(type + ": " + err).isZero();
            assertThat(out.toString()).contains("server:   cli-test");
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
