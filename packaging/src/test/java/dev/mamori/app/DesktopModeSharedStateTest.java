package dev.mamori.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mamori.core.admin.Results;
import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.KnownHosts;
import dev.mamori.core.config.ConfigLoader;
import dev.mamori.core.log.LogBuffer;
import dev.mamori.ui.backend.ConfigUpdateResult;
import dev.mamori.ui.backend.EmbeddedBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Desktop mode's window and admin channel in one process share the configuration view and the accounts: an edit made
 * in the window is what {@code config.show} answers over SSH at once (before, the admin channel kept its own view and
 * showed the file as it was at start until a reload), and an account added in the window logs in over SSH. Also the
 * {@code mamori admin} CLI applies the same account rules.
 */
@Timeout(180)
class DesktopModeSharedStateTest {
    static final String ADMIN_PASSWORD = "admin password 123";

    @TempDir
    Path dir;
    Path config;
    MamoriServer server;
    EmbeddedBackend backend;

    @BeforeEach
    void start() throws Exception {
        config = Files.writeString(dir.resolve("mamori.yaml"), """
                server:
                  name: desktop-test
                  dataDir: data
                pop3:
                  enabled: false
                admin:
                  bind: 127.0.0.1:0
                """);
        server = MamoriServer.start(ConfigLoader.load(config), config.toAbsolutePath());
        server.accounts().setPassword("admin", ADMIN_PASSWORD.toCharArray());
        backend = DashboardCommand.backendFor(server, new LogBuffer(100));
    }

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
        server.close();
    }

    private AdminClient connect(String user, String password) throws Exception {
        return AdminClient.connect("127.0.0.1", server.admin().boundAddress().getPort(), user, password.toCharArray(),
                new KnownHosts(dir.resolve("known_hosts")));
    }

    @Test
    void anEditInTheWindowIsWhatTheAdminChannelShows() throws Exception {
        String original = Files.readString(config);
        ConfigUpdateResult r = backend.updateConfiguration(original + "scan:\n  quarantineRetention: 7d\n",
                "dashboard:test").toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(r.accepted()).as(String.valueOf(r.problems())).isTrue();
        try (AdminClient admin = connect("admin", ADMIN_PASSWORD)) {
            JsonNode shown = admin.configShow();
            assertThat(shown.at("/config/scan/quarantineRetention").asText()).isEqualTo("7d");
            assertThat(shown.path("restartRequired").toString()).contains("scan.quarantineRetention");

            // and the other way: an edit over SSH is what the window reads next
            Results.ConfigUpdate remote = admin.configUpdate(original + "scan:\n  quarantineRetention: 14d\n");
            assertThat(remote.accepted()).isTrue();
            assertThat(backend.configuration().toCompletableFuture().get(60, TimeUnit.SECONDS).redactedYaml())
                    .contains("quarantineRetention: 14d");
        }
    }

    @Test
    void anAccountAddedInTheWindowLogsInOverSsh() throws Exception {
        backend.addAccount("carol", "viewer", "carol's password 1".toCharArray(), null, "dashboard:test")
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        try (AdminClient carol = connect("carol", "carol's password 1")) {
            assertThat(carol.whoami().role()).isEqualTo("viewer");
        }
        try (AdminClient admin = connect("admin", ADMIN_PASSWORD)) {
            assertThat(admin.accounts()).extracting(Results.Account::name).containsExactly("admin", "carol");
        }
    }

    @Test
    void theCliAppliesTheSameAccountRules() throws Exception {
        String data = "--data-dir=" + dir.resolve("data");
        Path pw = Files.writeString(dir.resolve("pw"), "a good password 1\n");
        Path optioned = Files.writeString(dir.resolve("robot.pub"), "from=\"10.0.0.0/8\" "
                + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(ecKey()) + " robot\n");
        StringWriter err = new StringWriter();
        assertThat(cli(err, "admin", "add", data, "robot", "--role", "root", "--password-file", pw.toString()))
                .isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(err.toString()).contains("unknown role 'root'");
        assertThat(cli(err, "admin", "add", data, "robot", "--no-password", "--key", optioned.toString()))
                .isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(err.toString()).contains("has options (from)");
        assertThat(cli(err, "admin", "remove", data, "admin")).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(err.toString()).contains("last account with the admin role");
        assertThat(cli(err, "admin", "add", data, "robot", "--role", "admin", "--password-file", pw.toString()))
                .as(err.toString()).isZero();
        assertThat(server.accounts().find("robot")).isPresent();
    }

    @Test
    void theRemoteCliManagesAccountsOverTheAdminChannel() throws Exception {
        Path adminPw = Files.writeString(dir.resolve("admin.pw"), ADMIN_PASSWORD + "\n");
        Path newPw = Files.writeString(dir.resolve("new.pw"), "dora's password 12\n");
        Path pub = Files.writeString(dir.resolve("dora.pub"),
                org.apache.sshd.common.config.keys.PublicKeyEntry.toString(ecKey()) + " dora@laptop\n");
        String[] login = {"--server=127.0.0.1:" + server.admin().boundAddress().getPort(),
                "--known-hosts=" + dir.resolve("known_hosts"), "--password-file", adminPw.toString()};
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        assertThat(cli(out, err, concat(login, "remote", "accounts", "add", "dora", "--role", "viewer",
                "--account-password-file", newPw.toString(), "--key", pub.toString()))).as(err.toString()).isZero();
        assertThat(server.accounts().find("dora")).get().satisfies(a -> assertThat(a.authorizedKeys()).hasSize(1));
        assertThat(cli(out, err, concat(login, "remote", "accounts", "role", "dora", "admin"))).as(err.toString()).isZero();
        assertThat(cli(out, err, concat(login, "remote", "accounts", "list"))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("dora").contains("admin").doesNotContain("pbkdf2");
        assertThat(cli(out, err, concat(login, "remote", "accounts", "remove", "admin"))).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(err.toString()).contains("refused (conflict)").contains("your own account");
        assertThat(cli(out, err, concat(login, "remote", "accounts", "reset", "dora", "--account-password-file",
                newPw.toString()))).as(err.toString()).isZero();
        assertThat(server.accounts().find("dora").orElseThrow().mustChangePassword()).isTrue();
        assertThat(cli(out, err, concat(login, "remote", "accounts", "remove", "dora"))).as(err.toString()).isZero();
        assertThat(server.accounts().find("dora")).isEmpty();
    }

    private static String[] concat(String[] login, String... command) {
        String[] all = new String[command.length + login.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(login, 0, all, command.length, login.length);
        return all;
    }

    private static int cli(StringWriter out, StringWriter err, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static int cli(StringWriter err, String... args) {
        err.getBuffer().setLength(0);
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static java.security.PublicKey ecKey() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair().getPublic();
    }
}
