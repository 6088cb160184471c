package dev.mamori.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code mamori} command line as a user meets it: output, error output and exit code. */
class CommandLineTest {
    private static final Path SAMPLES = Path.of("..", "sample-configs");

    private record Run(int exitCode, String out, String err) {
    }

    private static Run mamori(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void configCheckOfAGoodFileSummarisesIt() {
        Path quickstart = SAMPLES.resolve("quickstart.yaml");
        Run run = mamori("config", "check", quickstart.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines()).containsExactly(
                "OK: " + quickstart,
                "  POP3 listener 'generic' on 127.0.0.1:11110, client TLS starttls, upstream from the account name (user#host[:port])",
                "  allow upstream * on ports 110, 995, TLS required (implicit on 995)",
                "  allow upstream 127.0.0.1 on ports 11000-11099, TLS opportunistic, permitted addresses 127.0.0.1/32",
                "  every other upstream is refused",
                "  SMTP listener 'submission' on 127.0.0.1:12525, client TLS starttls, relays to 127.0.0.1:10025 (preference 10), MTA TLS none",
                "  SMTP relaying for 127.0.0.0/8, ::1/128 and authenticated senders; other clients may only reach postmaster",
                "  clients allowed from 127.0.0.0/8, ::1/128, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7",
                "  scanning: signatures (built-in EICAR), heuristics",
                "  policy: virus [replace, quarantine], blocked attachment [replace, quarantine], suspicious [replace, quarantine],"
                        + " malicious URL [deliver, tag, quarantine], unscannable [replace, quarantine], encrypted [replace, quarantine],"
                        + " malformed [deliver, tag], scanner failure tempfail",
                "  admin channel (ssh) on 127.0.0.1:18022",
                "  data directory mamori-data");
    }

    @Test
    void configCheckDescribesDedicatedListeners() {
        Run run = mamori("config", "check", SAMPLES.resolve("dedicated-ports.yaml").toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(
                "POP3 listener 'provider-a' on 127.0.0.1:11001, client TLS starttls, dedicated to pop.provider-a.example:995 (TLS implicit)",
                "POP3 listener 'provider-b' on 127.0.0.1:11002, client TLS starttls, dedicated to pop.provider-b.example:110 (TLS required)",
                "no upstream is allowed for user#host logins (upstreams.allow is empty)");
    }

    @Test
    void configCheckOfDisabledPop3SaysSo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("off.yaml"), "pop3:\n  enabled: false\n");
        assertThat(mamori("config", "check", file.toString()).out()).contains("POP3 disabled (pop3.enabled: false)");
    }

    @Test
    void configCheckOfABadFilePrintsEveryProblemAndFails(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                pop3:
                  listeners:
                    - {name: a, bind: 127.0.0.1:11110}
                    - {name: b, bind: 0.0.0.0:11110}
                tls:
                  certificate: nope.pem
                  privateKey: nope.key
                """);
        Run run = mamori("config", "check", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(
                file + ": pop3.listeners[1].bind: 0.0.0.0:11110 overlaps 127.0.0.1:11110 of listener 'a' (pop3.listeners[0]) "
                        + "(allowed: a different port, or addresses that do not overlap)",
                file + ": tls.certificate: file " + dir.resolve("nope.pem") + " does not exist",
                file + ": tls.privateKey: file " + dir.resolve("nope.key") + " does not exist",
                "3 problems");
    }

    @Test
    void configCheckOfAMissingFile(@TempDir Path dir) {
        Run run = mamori("config", "check", dir.resolve("missing.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith(dir.resolve("missing.yaml") + ": file not found");
    }

    @Test
    void configCheckWithoutAFileIsAUsageError() {
        Run run = mamori("config", "check");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void serveRefusesAnInvalidConfigWithItsProblems(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("serve.yaml"), "pop3:\n  listeners:\n    - {name: a, bind: x}\n");
        Run run = mamori("serve", "--config", file.toString(), "--data-dir", dir.resolve("data").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly(
                file + ": pop3.listeners[0].bind: 'x' is not host:port (examples: 127.0.0.1:11110, [::1]:110)",
                "mamori: not started: the configuration has problems (check it with: mamori config check " + file + ")");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void serveFailsClearlyWhenTheDataDirectoryCannotBeCreated(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("occupied"), "");
        Run run = mamori("serve", "--config", SAMPLES.resolve("quickstart.yaml").toString(), "--data-dir", notADirectory.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("mamori: not started: cannot create the data directory " + notADirectory);
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void serveNeedsAConfig() {
        Run run = mamori("serve");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void versionNamesTheBuildAndTheJava() {
        Run run = mamori("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("mamori " + VersionProvider.version() + System.lineSeparator());
        assertThat(VersionProvider.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(run.out()).contains("Java " + Runtime.version());
    }

    @Test
    void noCommandIsAUsageError() {
        Run run = mamori();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("a command is required", "serve", "config");
    }

    @Test
    void helpListsTheExitCodes() {
        Run run = mamori("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("serve", "config", "Exit codes:", "3  the server could not start");
    }
}
