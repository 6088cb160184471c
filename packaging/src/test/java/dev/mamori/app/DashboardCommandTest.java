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
    void remoteModeRefusesBadOptionsBeforeOpeningAWindow() throws Exception {
        String[] r = run("dashboard", "--server", "mamori.office.lan");
        assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
        assertThat(r[2]).contains("--server must be HOST:PORT");

        Path config = dir.resolve("mamori.yaml");
        Files.writeString(config, "server:\n  name: x\n");
        r = run("dashboard", "--server", "mamori.office.lan:18022", "--config", config.toString());
        assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
        assertThat(r[2]).contains("exclude each other");

        r = run("dashboard", "--server", "mamori.office.lan:18022", "--identity", dir.resolve("missing-key").toString());
        assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
        assertThat(r[2]).contains("cannot be read");

        r = run("dashboard", "--config", config.toString(), "--user", "ops");
        assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
        assertThat(r[2]).contains("belong to remote mode");
    }

    @Test
    void anUnknownLanguageIsRefusedWithTheChoices() {
        java.util.Locale before = java.util.Locale.getDefault();
        String[] r = run("dashboard", "--lang", "xx", "--server", "mamori.office.lan:18022");
        assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
        assertThat(r[2]).contains("--lang must be one of en, ja: xx");
        assertThat(java.util.Locale.getDefault()).isEqualTo(before);
        assertThat(run("dashboard", "--help")[1]).contains("--lang");
    }

    @Test
    void helpDescribesBothModes() {
        String[] r = run("dashboard", "--help");
        assertThat(r[1]).contains("--server", "--user", "--identity", "--known-hosts", "desktop mode", "remote mode");
    }

    @Test
    void desktopModeRefusesABadConfiguration() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "pop3:\n  listners: []\n");
        String[] r = run("dashboard", "--config", bad.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.CONFIG_INVALID));
        assertThat(r[2]).contains("listners", "not started: the configuration has problems");
    }

    @Test
    void helpListsTheDashboard() {
        String[] r = run("--help");
        assertThat(r[1]).contains("dashboard");
    }
}
