package dev.mamori.app;

import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.admin.client.KnownHosts;
import dev.mamori.core.net.HostPort;
import dev.mamori.ui.DashboardLauncher;
import dev.mamori.ui.backend.EmbeddedBackend;
import dev.mamori.core.log.LogBuffer;
import dev.mamori.core.log.RingBufferAppender;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code mamori dashboard}: the operator dashboard. With {@code --config} it starts the server from the local
 * configuration in this process and opens the window beside it (desktop mode); with {@code --server host:port}, or
 * with neither, it opens the connect screen of remote mode and shows a server over its admin channel.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Open the operator dashboard.",
                "--config FILE: start the server from FILE in this process and show it (desktop mode);"
                        + " closing the window asks whether the server keeps running in the background.",
                "--server HOST:PORT, or neither option: connect to a server's admin channel (remote mode);"
                        + " the connect screen also lists servers announced on the LAN."})
final class DashboardCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "the YAML configuration file (desktop mode)")
    private Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "spool, quarantine, event store and logs; overrides server.dataDir of the configuration")
    private Path dataDir;

    @Option(names = "--server", paramLabel = "HOST:PORT", description = "a remote server's admin channel (remote mode)")
    private String server;

    @Option(names = "--user", paramLabel = "USER", description = "the admin account (remote mode; default admin)")
    private String user;

    @Option(names = "--identity", paramLabel = "KEY",
            description = "an OpenSSH private key for the admin account instead of a password (remote mode; connects at once)")
    private Path identity;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "pinned admin host keys (remote mode; default ~/.mamori/known_hosts)")
    private Path knownHosts;

    @Option(names = "--lang", paramLabel = "LANG",
            description = "the dashboard's language: en or ja (default: the system's language, English when it has no translation)")
    private String lang;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (lang != null) {
            java.util.Locale locale = java.util.Locale.forLanguageTag(lang.trim());
            if (!dev.mamori.ui.view.I18n.LANGUAGES.contains(locale.getLanguage())) {
                err.println("mamori: dashboard: --lang must be one of " + String.join(", ", dev.mamori.ui.view.I18n.LANGUAGES)
                        + ": " + lang);
                err.flush();
                return ExitCodes.USAGE;
            }
            // before the toolkit starts, so JavaFX's own controls follow it too
            java.util.Locale.setDefault(locale);
        }
        if (server != null && configFile != null) {
            err.println("mamori: dashboard: --config (desktop mode) and --server (remote mode) exclude each other");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (configFile == null) {
            return remote(err);
        }
        if (user != null || identity != null || knownHosts != null) {
            err.println("mamori: dashboard: --user, --identity and --known-hosts belong to remote mode (--server)");
            err.flush();
            return ExitCodes.USAGE;
        }
        MamoriConfig config = ServeCommand.loadOrReport(configFile, err);
        if (config == null) {
            return ExitCodes.CONFIG_INVALID;
        }
        Path data = (dataDir != null ? dataDir : config.server().dataDir()).toAbsolutePath().normalize();
        config = config.withDataDir(data);
        try {
            Files.createDirectories(data.resolve("logs"));
        } catch (IOException e) {
            return cannotStart(err, "cannot create the data directory " + data + ": " + e);
        }
        LogSetup.useLogDirectory(data.resolve("logs"));
        Logger log = LogManager.getLogger(DashboardCommand.class);
        LogBuffer logTail = new LogBuffer(LogBuffer.DEFAULT_CAPACITY);
        AutoCloseable appender = RingBufferAppender.install(logTail);

        MamoriServer embedded;
        try {
            embedded = MamoriServer.start(config, configFile.toAbsolutePath(), logTail);
        } catch (Exception e) {
            String reason = ServeCommand.describe(e);
            log.error("not started: {}", reason);
            return cannotStart(err, reason);
        }
        for (InetSocketAddress a : embedded.boundAddresses()) {
            log.info("listening on {}", a);
        }
        if (embedded.admin() != null) {
            log.info("admin channel on {} (ssh, host key {})", embedded.admin().boundAddress(),
                    embedded.admin().hostKeyFingerprint());
        }
        log.info("mamori {} serving with {} and data directory {}, dashboard open", VersionProvider.version(), configFile, data);
        EmbeddedBackend backend = backendFor(embedded, logTail);
        CompletableFuture<Void> stop = new CompletableFuture<>();
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        // SIGTERM / Ctrl-C: close the window, then wait (bounded) until the server is closed before the JVM halts
        Thread hook = new Thread(() -> {
            stop.complete(null);
            try {
                closed.await(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mamori-dashboard-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DashboardLauncher.runUntilStopped(backend, stop);
        } catch (IllegalStateException e) {
            log.error("{}", e.getMessage());
            err.println("mamori: " + e.getMessage() + " (no display? use `mamori serve` on a machine without a desktop)");
            err.flush();
            int code = stopServer(backend, embedded, appender, log, ExitCodes.CANNOT_START);
            closed.countDown();
            return code;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already stopping (SIGTERM): close the server below all the same
        }
        int code = stopServer(backend, embedded, appender, log, ExitCodes.OK);
        closed.countDown();
        return code;
    }

    /** Remote mode: the connect screen (filled from the options), then the dashboard over the admin channel. */
    private int remote(PrintWriter err) throws InterruptedException {
        if (server != null) {
            try {
                HostPort target = HostPort.parse(server);
                if (target.port() <= 0) {
                    throw new IllegalArgumentException("no port");
                }
            } catch (RuntimeException e) {
                err.println("mamori: dashboard: --server must be HOST:PORT (the admin channel, e.g. mamori.lan:18022): "
                        + server);
                err.flush();
                return ExitCodes.USAGE;
            }
        }
        if (identity != null && !Files.isReadable(identity)) {
            err.println("mamori: dashboard: the key file " + identity + " cannot be read");
            err.flush();
            return ExitCodes.USAGE;
        }
        Path pins = knownHosts != null ? knownHosts : KnownHosts.defaultFile();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        Thread hook = new Thread(() -> stop.complete(null), "mamori-dashboard-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DashboardLauncher.runRemote(server, user, identity, pins, stop);
        } catch (IllegalStateException e) {
            err.println("mamori: " + e.getMessage() + " (no display? use `mamori status --server HOST:PORT` or ssh"
                    + " on a machine without a desktop)");
            err.flush();
            return ExitCodes.CANNOT_START;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping
            }
        }
        return ExitCodes.OK;
    }

    /**
     * The window's backend over the server of this process, sharing its configuration view and admin accounts, so an
     * edit made in the window is what the admin channel shows at once, and the other way round.
     */
    static EmbeddedBackend backendFor(MamoriServer embedded, LogBuffer logTail) {
        return EmbeddedBackend.over(embedded.runtime(), embedded.pop3Addresses(), embedded.smtpAddresses(),
                VersionProvider.version(), embedded.configView(), embedded.accounts(), logTail);
    }

    private static int stopServer(EmbeddedBackend backend, MamoriServer embedded, AutoCloseable appender, Logger log,
                                  int exitCode) {
        log.info("stopping");
        backend.close();
        embedded.close();
        log.info("stopped");
        try {
            appender.close();
        } catch (Exception ignored) {
            // detaching an appender loses nothing
        }
        LogManager.shutdown();
        return exitCode;
    }

    private static int cannotStart(PrintWriter err, String reason) {
        err.println("mamori: not started: " + reason);
        err.flush();
        return ExitCodes.CANNOT_START;
    }
}
