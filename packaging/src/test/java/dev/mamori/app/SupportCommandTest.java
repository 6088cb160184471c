package dev.mamori.app;

import dev.mamori.core.store.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mamori support bundle} run as a user would, on a data directory holding everything it must leave out. */
class SupportCommandTest {
    private static final Path QUICKSTART = Path.of("..", "sample-configs", "quickstart.yaml");

    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run mamori(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void bundleHoldsLogsConfigVersionsAndCountersButNoMailKeysOrPasswords() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (EventStore store = EventStore.open(data)) {
            store.flush();
        }
        Files.createDirectories(data.resolve("quarantine"));
        Files.writeString(data.resolve("quarantine/q1.eml"), "Subject: QUARANTINED-MAIL-BODY\r\n\r\nevil\r\n");
        Files.createDirectories(data.resolve("tls"));
        Files.writeString(data.resolve("tls/key.pem"), "-----BEGIN PRIVATE KEY-----\nKEYMATERIAL\n-----END PRIVATE KEY-----\n");
        Files.createDirectories(data.resolve("admin"));
        Files.writeString(data.resolve("admin/initial-password"), "INITIAL-ADMIN-PASSWORD\n");
        Path logs = Files.createDirectories(data.resolve("logs"));
        Files.writeString(logs.resolve("mamori.log"), "2026-01-01 INFO today's line\nclient sent PASS hunter2-today\n");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(logs.resolve("mamori-2025-12-31-1.log.gz")))) {
            gz.write("2025-12-31 INFO yesterday's line password=old-secret\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.setLastModifiedTime(logs.resolve("mamori-2025-12-31-1.log.gz"), java.nio.file.attribute.FileTime.fromMillis(1_000));
        Path config = tmp.resolve("mamori.yaml");
        Files.writeString(config, Files.readString(QUICKSTART) + "# password: config-secret\n");
        Path out = tmp.resolve("bundle.zip");

        Run run = mamori("support", "bundle", "--data-dir", data.toString(), "--config", config.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote " + out.toAbsolutePath());
        Map<String, String> zip = read(out);
        assertThat(zip).containsKeys("README.txt", "versions.txt", "config/mamori.yaml.redacted", "config-check.txt",
                "store.txt", "data-dir.txt", "logs/mamori.log", "logs/mamori-2025-12-31-1.log");
        assertThat(zip.get("versions.txt")).contains("mamori: ", "java: " + Runtime.version(), "os: ", "processors: ", "libraries:");
        assertThat(zip.get("config-check.txt")).contains("OK: " + config, "POP3 listener 'generic'", "exit code 0");
        assertThat(zip.get("config/mamori.yaml.redacted")).contains("bind: 127.0.0.1:11110", "# password: ******")
                .doesNotContain("config-secret");
        assertThat(zip.get("store.txt")).contains("schema version: ", "rows in messages: 0", "rows in audit: 0");
        assertThat(zip.get("data-dir.txt")).contains("quarantine/: 1 files", "tls/: 1 files", "admin/: 1 files")
                .doesNotContain("q1.eml", "key.pem", "initial-password");
        assertThat(zip.get("logs/mamori.log")).contains("today's line", "PASS ******").doesNotContain("hunter2");
        assertThat(zip.get("logs/mamori-2025-12-31-1.log")).contains("yesterday's line").doesNotContain("old-secret");
        String everything = String.join("\n", zip.values());
        assertThat(everything).doesNotContain("QUARANTINED-MAIL-BODY", "KEYMATERIAL", "INITIAL-ADMIN-PASSWORD");
        assertThat(zip.keySet()).noneMatch(name -> name.contains("quarantine/") || name.endsWith(".db") || name.contains("tls/"));
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        }
    }

    @Test
    void logTextIsBoundedNewestFirst() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path logs = Files.createDirectories(tmp.resolve("var-log"));
        Files.writeString(logs.resolve("mamori.log"), "new line 1\nnew line 2\nnew line 3\n");
        Files.writeString(logs.resolve("mamori-old.log"), "old line\n");
        Files.setLastModifiedTime(logs.resolve("mamori-old.log"), java.nio.file.attribute.FileTime.fromMillis(1_000));
        Path out = tmp.resolve("b.zip");

        Run run = mamori("support", "bundle", "--data-dir", data.toString(), "--config", tmp.resolve("missing.yaml").toString(),
                "--log-dir", logs.toString(), "--max-log-bytes", "15", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, String> zip = read(out);
        assertThat(zip.get("logs/mamori.log")).isEqualTo("new line 1\nnew line 2\n");
        assertThat(zip).doesNotContainKey("logs/mamori-old.log");
        assertThat(zip.get("config/missing.yaml.redacted")).startsWith("(no configuration file at ");
        assertThat(zip.get("config-check.txt")).contains("exit code 1");
        assertThat(zip.get("store.txt")).startsWith("no event store at ");
    }

    @Test
    void anExistingOutputFileIsNotOverwritten() throws Exception {
        Path out = Files.writeString(tmp.resolve("keep.zip"), "precious");

        Run run = mamori("support", "bundle", "--data-dir", tmp.toString(), "--config", QUICKSTART.toString(), "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("exists already");
        assertThat(Files.readString(out)).isEqualTo("precious");
    }

    private static Map<String, String> read(Path zipFile) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zipFile); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                zip.transferTo(b);
                entries.put(e.getName(), b.toString(StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
