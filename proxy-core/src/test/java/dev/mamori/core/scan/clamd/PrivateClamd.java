package dev.mamori.core.scan.clamd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A clamd of the test's own: its config, database directory, socket and log in a temp directory; a loopback TCP port
 * in 11000-11099 and a Unix socket. Never the system clamd or its config. Started with {@code Foreground yes} as a
 * child process, ready when it answers PING (bounded wait), stopped by {@link #close()}.
 */
final class PrivateClamd implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path work;
    private final ClamdAddress tcp;
    private final ClamdAddress unix;
    private final Duration startup;

    private PrivateClamd(Process process, Path work, ClamdAddress tcp, ClamdAddress unix, Duration startup) {
        this.process = process;
        this.work = work;
        this.tcp = tcp;
        this.unix = unix;
        this.startup = startup;
    }

    /** The clamd binary, if installed (Debian: {@code apt-get install clamav-daemon}). */
    static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")).filter(p -> !p.isEmpty()).map(Path::of),
                        Stream.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin")))
                .map(dir -> dir.resolve("clamd"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts clamd on {@code databases} (a directory with at least one database) with the given StreamMaxLength.
     * {@code work} receives clamd.conf, clamd.log, the socket and clamd's temp files.
     */
    static PrivateClamd start(Path binary, Path databases, Path work, long streamMaxLength) throws IOException {
        int port = freePort();
        Path socket = work.resolve("clamd.sock");
        String config = String.join("\n",
                "Foreground yes",
                "TCPSocket " + port,
                "TCPAddr 127.0.0.1",
                "LocalSocket " + socket,
                "DatabaseDirectory " + databases.toAbsolutePath(),
                "LogFile " + work.resolve("clamd.log"),
                "TemporaryDirectory " + work,
                "User " + System.getProperty("user.name"),
                "StreamMaxLength " + streamMaxLength,
                "MaxThreads 4",
                "SelfCheck 0",
                "Bytecode no") + "\n";
        Path conf = Files.writeString(work.resolve("clamd.conf"), config, StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(binary.toString(), "--config-file=" + conf)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("clamd.out").toFile())
                .start();
        PrivateClamd clamd = new PrivateClamd(process, work, ClamdAddress.parse("tcp:127.0.0.1:" + port),
                ClamdAddress.parse("unix:" + socket), null);
        try {
            Duration startup = clamd.awaitPong(start);
            return new PrivateClamd(process, work, clamd.tcp, clamd.unix, startup);
        } catch (IOException | RuntimeException e) {
            clamd.close();
            throw e;
        }
    }

    private Duration awaitPong(long start) throws IOException {
        ClamdClient client = new ClamdClient(ClamdSettings.defaults().withAddress(tcp)
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(2)));
        long deadline = start + START_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("clamd exited with status " + process.exitValue() + " during start-up:\n"
                        + logTail());
            }
            try {
                client.ping();
                return Duration.ofNanos(System.nanoTime() - start);
            } catch (ClamdException e) {
                last = e;
            }
            sleep(100);
        }
        throw new IOException("clamd did not answer PING within " + START_TIMEOUT.toSeconds() + " s (" + last
                + "):\n" + logTail());
    }

    ClamdAddress tcp() {
        return tcp;
    }

    ClamdAddress unix() {
        return unix;
    }

    /** From process start to the first PONG. */
    Duration startup() {
        return startup;
    }

    String logTail() {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("clamd.out", "clamd.log")) {
            try {
                List<String> lines = Files.readAllLines(work.resolve(name), StandardCharsets.ISO_8859_1);
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> sb.append(l).append('\n'));
            } catch (IOException ignored) {
                // a log that was never written has nothing to add
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A port in our 11000-11099 range that nothing listens on right now. */
    private static int freePort() throws IOException {
        int offset = (int) (ProcessHandle.current().pid() % 100);
        for (int i = 0; i < 100; i++) {
            int port = 11000 + (offset + i) % 100;
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException busy) {
                // taken: try the next one
            }
        }
        throw new IOException("no free loopback port in 11000-11099");
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for clamd");
        }
    }
}
