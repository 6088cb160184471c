package dev.mamori.app;

import dev.mamori.core.quarantine.Quarantine;
import dev.mamori.core.quarantine.QuarantineEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuarantineCommandTest {
    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private QuarantineEntry stored() throws Exception {
        Quarantine q = new Quarantine(dataDir.resolve("quarantine"), Clock.systemUTC());
        return q.store(new ByteArrayInputStream("Subject: bad\r\n\r\nx\r\n".getBytes()),
                new Quarantine.Origin("pop3", "alice", "pop.example.net:995", "127.0.0.1", "1", "bad",
                        List.of("Eicar-Test-Signature in message > part 2 > eicar.com")));
    }

    @Test
    void listShowReleaseExportDelete() throws Exception {
        QuarantineEntry e = stored();
        String dd = "--data-dir=" + dataDir;
        assertThat(run("quarantine", "list", dd)).isZero();
        assertThat(out.toString()).contains(e.id(), "QUARANTINED", "alice", "bad", "Eicar-Test-Signature", "1 entry");

        assertThat(run("quarantine", "show", dd, e.id())).isZero();
        assertThat(out.toString()).contains("sha256 " + e.sha256());

        assertThat(run("quarantine", "release", dd, e.id())).isZero();
        assertThat(new Quarantine(dataDir.resolve("quarantine"), Clock.systemUTC()).get(e.id())).get()
                .extracting(QuarantineEntry::status).isEqualTo(QuarantineEntry.Status.RELEASED);

        Path eml = dataDir.resolve("out.eml");
        assertThat(run("quarantine", "export", dd, e.id(), "--out", eml.toString())).isZero();
        assertThat(Files.readString(eml)).isEqualTo("Subject: bad\r\n\r\nx\r\n");

        assertThat(run("quarantine", "delete", dd, e.id())).isZero();
        assertThat(run("quarantine", "show", dd, e.id())).isEqualTo(1);
        assertThat(err.toString()).contains("no entry " + e.id());
    }

    @Test
    void aWrongDataDirectoryIsAClearError() {
        assertThat(run("quarantine", "list", "--data-dir=" + dataDir.resolve("nope"))).isEqualTo(1);
        assertThat(err.toString()).contains("no quarantine in");
    }
}
