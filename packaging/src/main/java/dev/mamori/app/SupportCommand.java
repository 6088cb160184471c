package dev.mamori.app;

import dev.mamori.app.support.SupportBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mamori support ...}: material for a support request. */
@Command(name = "support", description = "Collect information for a support request.", mixinStandardHelpOptions = true,
        subcommands = SupportCommand.Bundle.class)
final class SupportCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code mamori support bundle}: writes the zip described by {@link SupportBundle}. */
    @Command(name = "bundle", mixinStandardHelpOptions = true,
            description = {"Write a zip with logs, the configuration with passwords masked, versions, the output of "
                    + "config check, event store counters and OS/JVM facts.",
                    "Never included: quarantined mail, spool files, private keys, admin password files, the database."})
    static final class Bundle implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "the server's data directory")
        private Path dataDir;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "the server's configuration file")
        private Path configFile;

        @Option(names = "--log-dir", paramLabel = "DIR", description = "the server's log directory; default <dataDir>/logs")
        private Path logDir;

        @Option(names = "--out", required = true, paramLabel = "FILE.zip", description = "the zip to write (must not exist)")
        private Path out;

        @Option(names = "--max-log-bytes", paramLabel = "BYTES", defaultValue = "52428800",
                description = "at most this much log text, newest first (default: ${DEFAULT-VALUE})")
        private long maxLogBytes;

        @Override
        public Integer call() {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (Files.exists(out)) {
                err.println("mamori: " + out + " exists already; choose another --out");
                err.flush();
                return ExitCodes.USAGE;
            }
            if (maxLogBytes < 0) {
                err.println("mamori: --max-log-bytes must not be negative");
                err.flush();
                return ExitCodes.USAGE;
            }
            SupportBundle bundle = new SupportBundle(dataDir, configFile, ServeCommand.logDirectory(logDir, dataDir.toAbsolutePath()),
                    maxLogBytes, VersionProvider.version(), this::configCheckOutput);
            try {
                List<String> entries = bundle.writeTo(out);
                stdout.println("wrote " + out.toAbsolutePath() + " (" + entries.size() + " entries):");
                entries.forEach(e -> stdout.println("  " + e));
                stdout.flush();
                return ExitCodes.OK;
            } catch (IOException e) {
                err.println("mamori: cannot write " + out + ": " + e);
                err.flush();
                return ExitCodes.CANNOT_START;
            }
        }

        /** The same command a user would run, with its exit code. */
        private String configCheckOutput() {
            StringWriter text = new StringWriter();
            CommandLine check = Main.commandLine();
            PrintWriter w = new PrintWriter(text, true);
            check.setOut(w);
            check.setErr(w);
            int code = check.execute("config", "check", configFile.toString());
            return "$ mamori config check " + configFile + "\n" + text + "exit code " + code + "\n";
        }
    }
}
