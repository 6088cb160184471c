package dev.mamori.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code mamori} command: parses the command line, runs one subcommand, exits with its code. */
@Command(name = "mamori",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "POP3/SMTP scanning proxy.",
        subcommands = {ServeCommand.class, DashboardCommand.class, ConfigCommand.class, QuarantineCommand.class,
                BundleCommand.class, AdminCommand.class,
                RemoteCommands.Status.class, RemoteCommands.Service.class, RemoteCommands.Detections.class,
                RemoteCommands.Tracking.class, RemoteCommands.Components.class, RemoteCommands.Update.class,
                RemoteCommands.Rollback.class, RemoteCommands.Audit.class, RemoteCommands.Remote.class,
                DiscoverCommand.class, SupportCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  success",
                "  1  the configuration has problems (each printed as file: field: problem)",
                "  2  wrong command-line usage",
                "  3  the server could not start (port in use, data directory not writable ...)",
                "  4  unexpected internal error",
                "  5  the admin channel refused the command or could not be reached"})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The JDK refuses Basic proxy credentials for HTTPS tunnels unless this property allows them, and reads it
        // once, at the first HttpClient use in the process: set it before anything runs. Only the updater's client
        // answers proxy challenges, with the credentials of the operator's updates.proxy.
        if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own output writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("mamori: internal error: " + e);
            e.printStackTrace(err);
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        });
        return cl;
    }

    /** {@code mamori} without a subcommand: show what there is. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required (serve, dashboard, config check, status, quarantine, bundle, support bundle)");
    }
}
