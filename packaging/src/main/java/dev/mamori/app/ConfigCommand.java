package dev.mamori.app;

import dev.mamori.core.config.ConfigException;
import dev.mamori.core.config.ConfigLoader;
import dev.mamori.core.config.ConfigProblem;
import dev.mamori.core.config.MamoriConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mamori config ...}: working with configuration files without starting anything. */
@Command(name = "config", description = "Check configuration files.", mixinStandardHelpOptions = true,
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code mamori config check FILE}: the same loading and validation as {@code serve}, nothing bound. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a configuration file: prints OK and what it configures, or every problem "
                    + "(file: field: what is wrong (what is allowed)). Exit code 0 or 1.")
    static final class Check implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the YAML configuration file")
        private Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                MamoriConfig config = ConfigLoader.load(file);
                out.println("OK: " + file);
                ConfigSummary.lines(config).forEach(line -> out.println("  " + line));
                out.flush();
                return ExitCodes.OK;
            } catch (ConfigException e) {
                for (ConfigProblem p : e.problems()) {
                    err.println(p);
                }
                int n = e.problems().size();
                err.println(n == 1 ? "1 problem" : n + " problems");
                err.flush();
                return ExitCodes.CONFIG_INVALID;
            }
        }
    }
}
