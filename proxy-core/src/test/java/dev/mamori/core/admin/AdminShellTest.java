package dev.mamori.core.admin;

import dev.mamori.core.runtime.ServiceControl;
import dev.mamori.core.store.AuditEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shell with the real OpenSSH client under a pseudo-terminal (Python's pty module types the keys). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminShellTest {
    static final String NEW_PASSWORD = "typed in the shell 42";
    AdminFixture fixture;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("ssh") && onPath("python3"), "needs the OpenSSH client (openssh-client) and python3");
        fixture = new AdminFixture(dir);
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv("PATH").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    record Run(int exit, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private Path script() throws URISyntaxException {
        return Path.of(getClass().getResource("/admin/ssh_shell.py").toURI());
    }

    @Test
    void theShellForcesThePasswordChangeThenRunsCommandsWithTables() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3", script().toString(), String.valueOf(fixture.port()),
                "admin", fixture.initialPassword, NEW_PASSWORD,
                "whoami", "service disable pop3", "status", "quarantine list", "audit --limit 5", "bogus", "help"));
        Run r = run(cmd);
        assertThat(r.exit()).as(r.output()).isZero();
        String out = r.output();
        assertThat(out).contains("must be changed now").contains("Password changed.");
        assertThat(out).doesNotContain(fixture.initialPassword).doesNotContain(NEW_PASSWORD);
        assertThat(out).contains("mustChangePassword: false");
        assertThat(out).contains("services: pop3 OFF, smtp on");
        assertThat(out).containsPattern("PROTOCOL +LISTENER +ADDRESS");
        assertThat(out).containsPattern("ssh +admin +127\\.0\\.0\\.1:" + fixture.port());
        assertThat(out).containsPattern("TIME +ACTOR +ACTION +TARGET +RESULT");
        assertThat(out).containsPattern("admin +service\\.disable +pop3 +ok");
        assertThat(out).contains("error (unknown-command): unknown command 'bogus'");
        assertThat(out).contains("service enable|disable pop3|smtp");
        assertThat(fixture.runtime.services().isEnabled(ServiceControl.Service.POP3)).isFalse();
        fixture.runtime.store().flush();
        List<AuditEvent> audit = fixture.runtime.store().queries().auditLog(null, null, "admin", 100);
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("passwd");
            assertThat(a.result()).isEqualTo("ok");
        });

        // a single command without a pty, password from sshpass when it is installed
        if (onPath("sshpass")) {
            Run single = run(List.of("sshpass", "-p", NEW_PASSWORD, "ssh", "-p", String.valueOf(fixture.port()),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "PubkeyAuthentication=no", "-o", "LogLevel=ERROR", "admin@127.0.0.1",
                    "service enable pop3"));
            assertThat(single.exit()).as(single.output()).isZero();
            assertThat(single.output()).contains("enabled: true");
            assertThat(fixture.runtime.services().isEnabled(ServiceControl.Service.POP3)).isTrue();
        }
    }

    @Test
    void aViewerIsRefusedChangesInTheShell() throws Exception {
        fixture.accounts().add(new AdminAccount("watcher", Role.VIEWER,
                PasswordHash.hash("watcher password 1".toCharArray()), null, false));
        Run r = run(List.of("python3", script().toString(), String.valueOf(fixture.port()), "watcher",
                "watcher password 1", "-", "service disable smtp", "components"));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("error (forbidden): 'service.disable' needs the admin role");
        assertThat(r.output()).containsPattern("NAME +VERSION +AVAILABLE +STATE");
        assertThat(fixture.runtime.services().isEnabled(ServiceControl.Service.SMTP)).isTrue();
    }

    @Test
    void weakAlgorithmsAreNotOffered() throws Exception {
        String[][] weak = {
                {"Ciphers=aes128-cbc", "no matching cipher"},
                {"Ciphers=aes128-ctr\u0000MACs=hmac-sha1", "no matching MAC"},
                {"KexAlgorithms=diffie-hellman-group14-sha1", "no matching key exchange"},
                {"HostKeyAlgorithms=ssh-rsa", "no matching host key type"}};
        for (String[] w : weak) {
            List<String> cmd = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o",
                    "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"));
            for (String option : w[0].split("\u0000")) {
                cmd.addAll(List.of("-o", option));
            }
            cmd.addAll(List.of("-p", String.valueOf(fixture.port()), "nobody@127.0.0.1", "status"));
            Run r = run(cmd);
            assertThat(r.exit()).as(w[0]).isEqualTo(255);
            assertThat(r.output()).as(w[0]).contains(w[1]);
        }
    }

    @Test
    void onlyPasswordAndPublicKeyAuthenticationAreOffered() throws Exception {
        Run r = run(List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "-p", String.valueOf(fixture.port()),
                "nobody@127.0.0.1", "status"));
        assertThat(r.exit()).isEqualTo(255);
        assertThat(r.output()).contains("Permission denied (publickey,password)");
    }
}
