package dev.mamori.app;

import dev.mamori.core.config.ConfigException;
import dev.mamori.core.config.ConfigLoader;
import dev.mamori.core.config.ConfigProblem;
import dev.mamori.core.config.MamoriConfig;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code mamori serve}: runs the proxy in the foreground until SIGTERM or SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the proxy headless, in the foreground, until SIGTERM or SIGINT (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration file")
    private Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "spool, generated certificate and logs; overrides server.dataDir of the configuration")
    private Path dataDir;

    @Option(names = "--default-config", paramLabel = "FILE",
            description = "copied to the --config path first if no file is there yet (the Windows service's first start)")
    private Path defaultConfig;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "where mamori.log is written; default <dataDir>/logs (the Linux packages use /var/log/mamori)")
    private Path logDir;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (defaultConfig != null) {
            try {
                installDefaultConfig(defaultConfig, configFile);
            } catch (IOException e) {
                return cannotStart(err, "cannot copy the default configuration " + defaultConfig + " to " + configFile + ": " + e);
            }
        }
        MamoriConfig config = loadOrReport(configFile, err);
        if (config == null) {
            return ExitCodes.CONFIG_INVALID;
        }
        Path data = (dataDir != null ? dataDir : config.server().dataDir()).toAbsolutePath().normalize();
        config = config.withDataDir(data);
        Path logs = logDirectory(logDir, data);
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            return cannotStart(err, "cannot create the data directory " + data + ": " + e);
        }
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            return cannotStart(err, "cannot create the log directory " + logs + ": " + e);
        }
        LogSetup.useLogDirectory(logs);
        Logger log = LogManager.getLogger(ServeCommand.class);
        try {
            LogSetup.addSyslog(config.logging().syslog(), data);
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            return cannotStart(err, "logging.syslog: " + e.getMessage());
        }

        MamoriServer server;
        try {
            server = MamoriServer.start(config, configFile);
        } catch (Exception e) {
            String reason = describe(e);
            if (isEnvironmentProblem(e)) {
                log.error("not started: {}", reason); // a busy port needs no stack trace
            } else {
                log.error("not started: {}", reason, e);
            }
            return cannotStart(err, reason);
        }
        for (InetSocketAddress a : server.boundAddresses()) {
            log.info("listening on {}", a);
        }
        if (server.admin() != null) {
            log.info("admin channel on {} (ssh, host key {})", server.admin().boundAddress(),
                    server.admin().hostKeyFingerprint());
        }
        log.info("mamori {} serving with {} and data directory {}", VersionProvider.version(), configFile, data);
        awaitShutdown(server, log);
        return ExitCodes.OK;
    }

    /**
     * Copies {@code defaults} to {@code config} unless a file is there already: an edited configuration is never
     * replaced. Returns whether it copied.
     */
    static boolean installDefaultConfig(Path defaults, Path config) throws IOException {
        if (Files.exists(config)) {
            return false;
        }
        Path parent = config.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.copy(defaults, config);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            return false;
        }
    }

    /** The log directory: the one asked for, else {@code <dataDir>/logs}. {@code support bundle} uses the same rule. */
    static Path logDirectory(Path requested, Path dataDir) {
        return (requested != null ? requested : dataDir.resolve("logs")).toAbsolutePath().normalize();
    }

    /** Blocks until the JVM is asked to stop, then closes the server before Log4j shuts down. */
    private static void awaitShutdown(MamoriServer server, Logger log) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                log.info("stopping");
                server.close();
                log.info("stopped");
            } finally {
                stopped.countDown();
                LogManager.shutdown(); // log4j2.xml disables Log4j's own hook, so "stopped" still reaches the file
            }
        }, "mamori-shutdown"));
        stopped.await();
    }

    private static int cannotStart(PrintWriter err, String reason) {
        err.println("mamori: not started: " + reason);
        err.flush();
        return ExitCodes.CANNOT_START;
    }

    /** Failures caused by the machine rather than by Mamori: a port in use, a bind address that does not exist. */
    private static boolean isEnvironmentProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketException || t instanceof UnknownHostException
                    || String.valueOf(t.getMessage()).contains("already in use")) {
                return true;
            }
        }
        return false;
    }

    /** One line a person can act on: the innermost cause usually says it best ("Address already in use"). */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getMessage() == null || e == root ? String.valueOf(root.getMessage()) : e.getMessage() + ": " + root.getMessage();
        if (root instanceof BindException || String.valueOf(root.getMessage()).contains("already in use")) {
            return "cannot listen: " + text;
        }
        return e == root ? e.getClass().getSimpleName() + ": " + text : text;
    }

    /** The configuration, or null after printing each problem and how to check the file (exit CONFIG_INVALID). */
    static MamoriConfig loadOrReport(Path configFile, PrintWriter err) {
        try {
            return ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                err.println(p);
            }
            err.println("mamori: not started: the configuration has problems (check it with: mamori config check " + configFile + ")");
            err.flush();
            return null;
        }
    }
}
