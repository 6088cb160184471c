package dev.mamori.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mamori dashboard} up to the point where a window would open (the window itself is tested in desktop-ui, and
 * the whole desktop mode by benchmarks/dashboard-cpu.sh).
 */
class DashboardCommandTest {
    @TempDir
    Path dir;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void remoteModeSaysClearlyThatItIsNotAvailableYet() {
        String[] r = run("dashboard", "--server", "mamori.office.lan:8022");
        assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.CANNOT_START));
        assertThat(r[2]).contains("remote mode (--server) is not available yet", "admin channel", "mamori dashboard --config FILE");
    }

    @Test
    void desktopModeNeedsAConfigurationAndRefusesABadOne() throws Exception {
        String[] r = run("dashboard");
        assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
        assertThat(r[2]).contains("--config FILE is required");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "pop3:\n  listners: []\n");
        r = run("dashboard", "--config", bad.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.CONFIG_INVALID));
        assertThat(r[2]).contains("listners", "not started: the configuration has problems");
    }

    @Test
    void helpListsTheDashboard() {
        String[] r = run("--help");
        assertThat(r[1]).contains("dashboard");
    }
}
