package dev.mamori.app;

import dev.mamori.core.quarantine.Quarantine;
import dev.mamori.core.quarantine.QuarantineEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code mamori quarantine ...} on the local data directory: list, show, release, delete and export quarantined
 * originals. Works while the server runs (entries are written atomically); the admin channel will offer the same
 * remotely.
 */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "List and manage quarantined messages in a data directory.",
        subcommands = {QuarantineCommand.ListEntries.class, QuarantineCommand.Show.class, QuarantineCommand.Release.class,
                QuarantineCommand.Delete.class, QuarantineCommand.Export.class})
final class QuarantineCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "mamori-data",
                description = "the server's data directory (default: ${DEFAULT-VALUE})")
        Path dataDir;

        Quarantine quarantine() throws IOException {
            Path dir = dataDir.resolve("quarantine");
            if (!Files.isDirectory(dir)) {
                throw new IOException("no quarantine in " + dataDir + " (is --data-dir right?)");
            }
            return new Quarantine(dir, Clock.systemUTC());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        int fail(String message) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("mamori quarantine: " + message);
            err.flush();
            return ExitCodes.CONFIG_INVALID;
        }

        @Override
        public Integer call() {
            try {
                int code = run();
                out().flush();
                return code;
            } catch (IOException e) {
                return fail(e.getMessage());
            }
        }

        abstract int run() throws IOException;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Entries, newest first.")
    static final class ListEntries extends Base {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

        @Override
        int run() throws IOException {
            var entries = quarantine().list();
            out().printf("%-20s %-16s %-11s %-24s %s%n", "ID", "TIME", "STATUS", "ACCOUNT", "SUBJECT / REASON");
            for (QuarantineEntry e : entries) {
                out().printf("%-20s %-16s %-11s %-24s %s%n", e.id(), TIME.format(e.time()), e.status(),
                        clip(e.account(), 24), clip(e.subject(), 60));
                if (!e.reasons().isEmpty()) {
                    out().printf("%-74s %s%n", "", clip(e.reasons().getFirst(), 100));
                }
            }
            out().println(entries.size() + (entries.size() == 1 ? " entry" : " entries"));
            return ExitCodes.OK;
        }

        private static String clip(String s, int max) {
            if (s == null) {
                return "-";
            }
            return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Everything known about one entry.")
    static final class Show extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run() throws IOException {
            Optional<QuarantineEntry> e = quarantine().get(id);
            if (e.isEmpty()) {
                return fail("no entry " + id);
            }
            QuarantineEntry q = e.get();
            out().println("id:        " + q.id());
            out().println("time:      " + q.time());
            out().println("status:    " + q.status());
            out().println("protocol:  " + q.protocol());
            out().println("account:   " + q.account());
            out().println("upstream:  " + q.upstream());
            out().println("client:    " + q.client());
            out().println("message:   " + q.messageId());
            out().println("subject:   " + q.subject());
            out().println("size:      " + q.size() + " bytes, sha256 " + q.sha256());
            q.reasons().forEach(r -> out().println("reason:    " + r));
            return ExitCodes.OK;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Let the next retrieval of this message (same account, same bytes) through unchanged, once.")
    static final class Release extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run() throws IOException {
            if (quarantine().get(id).isEmpty()) {
                return fail("no entry " + id);
            }
            quarantine().release(id);
            out().println("released " + id + ": the next retrieval of this message by its account delivers the original");
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete the original and its entry.")
    static final class Delete extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run() throws IOException {
            if (!quarantine().delete(id)) {
                return fail("no entry " + id);
            }
            out().println("deleted " + id);
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the original message (.eml) to a file.")
    static final class Export extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write the .eml")
        Path out;

        @Override
        int run() throws IOException {
            if (quarantine().get(id).isEmpty()) {
                return fail("no entry " + id);
            }
            try (InputStream in = quarantine().open(id)) {
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
            out().println("wrote " + out + " (" + Files.size(out) + " bytes)");
            return ExitCodes.OK;
        }
    }
}
