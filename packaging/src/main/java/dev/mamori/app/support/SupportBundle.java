package dev.mamori.app.support;

import dev.mamori.core.log.Redaction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A zip file an operator can attach to a support request: logs, the configuration with secrets masked, versions,
 * the configuration check, event store counters, operating system and JVM facts.
 *
 * <p>What never goes in: quarantined mail, spool files, private keys and certificates, the admin password files and
 * the database itself. The data directory is only described (entry counts and sizes per top-level directory), never
 * copied. Log lines are written redacted by the server already; they pass through {@link Redaction#text} once more
 * on the way in, as does every line of the configuration.
 */
public final class SupportBundle {
    /** Names (in the data directory) whose content never enters a bundle, only their counts. */
    static final List<String> NEVER_COPIED = List.of("quarantine", "spool", "tls", "admin", "mamori.db");
    /** The event store's tables, counted in {@code store.txt}. */
    static final List<String> STORE_TABLES = List.of("messages", "detections", "quarantine", "stats_minute",
            "component_history", "audit");

    private final Path dataDir;
    private final Path configFile;
    private final Path logDir;
    private final long maxLogBytes;
    private final String mamoriVersion;
    private final Supplier<String> configCheck;

    /**
     * @param configCheck the output of {@code mamori config check} for {@code configFile}, produced on demand
     * @param maxLogBytes bound on the (uncompressed) log text taken, newest files first
     */
    public SupportBundle(Path dataDir, Path configFile, Path logDir, long maxLogBytes, String mamoriVersion,
                         Supplier<String> configCheck) {
        if (maxLogBytes < 0) {
            throw new IllegalArgumentException("maxLogBytes must not be negative: " + maxLogBytes);
        }
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.configFile = configFile;
        this.logDir = logDir.toAbsolutePath().normalize();
        this.maxLogBytes = maxLogBytes;
        this.mamoriVersion = mamoriVersion;
        this.configCheck = configCheck;
    }

    /** Writes the bundle to {@code out}, which must not exist yet; readable by its owner only where POSIX allows. */
    public List<String> writeTo(Path out) throws IOException {
        List<String> entries = new ArrayList<>();
        try (OutputStream file = createOwnerOnly(out); ZipOutputStream zip = new ZipOutputStream(file)) {
            text(zip, entries, "README.txt", readme());
            text(zip, entries, "versions.txt", versions());
            text(zip, entries, "config/" + configFile.getFileName() + ".redacted", redactedConfig());
            text(zip, entries, "config-check.txt", configCheck.get());
            text(zip, entries, "store.txt", storeCounters());
            text(zip, entries, "data-dir.txt", dataDirSummary());
            logs(zip, entries);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        }
        return entries;
    }

    private static OutputStream createOwnerOnly(Path out) throws IOException {
        if (out.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return Files.newOutputStream(out, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }
        return Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private static void text(ZipOutputStream zip, List<String> entries, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        entries.add(name);
    }

    private String readme() {
        return """
                Mamori support bundle, made %s by mamori %s.

                versions.txt     Mamori, Java, operating system, memory, disk space, libraries
                config/          the configuration %s, every line passed through the password redaction
                config-check.txt the output of `mamori config check` for that file
                store.txt        event store schema version and row counts (no rows)
                data-dir.txt     what the data directory %s holds: counts and sizes only
                logs/            the newest log files from %s (at most %d bytes of text), redacted again

                Never included: quarantined mail, spool files, private keys and certificates, admin password files,
                the event database itself.
                """.formatted(Instant.now(), mamoriVersion, configFile.toAbsolutePath(), dataDir, logDir, maxLogBytes);
    }

    String versions() {
        Runtime rt = Runtime.getRuntime();
        StringBuilder b = new StringBuilder();
        b.append("mamori: ").append(mamoriVersion).append('\n');
        b.append("java: ").append(Runtime.version()).append(" (").append(System.getProperty("java.vendor")).append(")\n");
        b.append("java.home: ").append(System.getProperty("java.home")).append('\n');
        b.append("vm: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.vm.version")).append('\n');
        b.append("os: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(" (").append(System.getProperty("os.arch")).append(")\n");
        osRelease().ifPresent(pretty -> b.append("distribution: ").append(pretty).append('\n'));
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        b.append("processors: ").append(rt.availableProcessors()).append('\n');
        b.append("load average: ").append(os.getSystemLoadAverage()).append('\n');
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            b.append("memory total/free: ").append(sun.getTotalMemorySize()).append(" / ").append(sun.getFreeMemorySize()).append(" bytes\n");
        }
        b.append("this JVM's max heap: ").append(rt.maxMemory()).append(" bytes\n");
        b.append("time zone: ").append(ZoneId.systemDefault()).append('\n');
        b.append("user: ").append(System.getProperty("user.name")).append('\n');
        try {
            FileStore store = Files.getFileStore(Files.exists(dataDir) ? dataDir : dataDir.getRoot());
            b.append("data directory file system: ").append(store.getUsableSpace()).append(" of ").append(store.getTotalSpace())
                    .append(" bytes usable\n");
        } catch (IOException e) {
            b.append("data directory file system: unknown (").append(e.getMessage()).append(")\n");
        }
        b.append("libraries:\n");
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                b.append("  ").append(Path.of(entry).getFileName()).append('\n');
            }
        }
        return b.toString();
    }

    private static java.util.Optional<String> osRelease() {
        Path osRelease = Path.of("/etc/os-release");
        if (!Files.isReadable(osRelease)) {
            return java.util.Optional.empty();
        }
        try (InputStream in = Files.newInputStream(osRelease)) {
            Properties p = new Properties();
            p.load(in);
            String pretty = p.getProperty("PRETTY_NAME");
            return java.util.Optional.ofNullable(pretty).map(s -> s.replace("\"", ""));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Every line through {@link Redaction#text}; a PEM block pasted into the file is dropped whole. */
    String redactedConfig() {
        if (!Files.isRegularFile(configFile)) {
            return "(no configuration file at " + configFile.toAbsolutePath() + ")\n";
        }
        try {
            return redactLines(Files.readAllLines(configFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(cannot read " + configFile.toAbsolutePath() + ": " + e.getMessage() + ")\n";
        }
    }

    static String redactLines(List<String> lines) {
        StringBuilder b = new StringBuilder();
        boolean inPem = false;
        for (String line : lines) {
            if (line.contains("-----BEGIN ")) {
                inPem = true;
                b.append(Redaction.MASK).append(" (PEM block removed)\n");
            }
            if (!inPem) {
                b.append(Redaction.text(line)).append('\n');
            }
            if (line.contains("-----END ")) {
                inPem = false;
            }
        }
        return b.toString();
    }

    /** Schema version and row counts, read through a read-only connection (safe while the server writes: WAL). */
    String storeCounters() {
        Path db = dataDir.resolve("mamori.db");
        if (!Files.isRegularFile(db)) {
            return "no event store at " + db + "\n";
        }
        StringBuilder b = new StringBuilder("event store: ").append(db).append('\n');
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path f = Path.of(db + suffix);
            if (Files.exists(f)) {
                b.append("  ").append(f.getFileName()).append(": ").append(sizeOf(f)).append(" bytes\n");
            }
        }
        org.sqlite.SQLiteConfig readOnly = new org.sqlite.SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, readOnly.toProperties()); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                b.append("schema version: ").append(rs.next() ? rs.getInt(1) : "?").append('\n');
            }
            for (String table : STORE_TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    b.append("rows in ").append(table).append(": ").append(rs.next() ? rs.getLong(1) : 0).append('\n');
                } catch (SQLException e) {
                    b.append("rows in ").append(table).append(": unavailable (").append(e.getMessage()).append(")\n");
                }
            }
        } catch (SQLException e) {
            b.append("cannot read: ").append(e.getMessage()).append('\n');
        }
        return b.toString();
    }

    /** Top-level entries of the data directory with file counts and sizes; never any file name below them. */
    String dataDirSummary() {
        if (!Files.isDirectory(dataDir)) {
            return "no data directory at " + dataDir + "\n";
        }
        StringBuilder b = new StringBuilder("data directory: ").append(dataDir).append('\n');
        try (Stream<Path> top = Files.list(dataDir)) {
            for (Path p : top.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p)) {
                    long[] countAndSize = countAndSize(p);
                    b.append("  ").append(name).append("/: ").append(countAndSize[0]).append(" files, ")
                            .append(countAndSize[1]).append(" bytes\n");
                } else {
                    b.append("  ").append(name).append(": ").append(sizeOf(p)).append(" bytes\n");
                }
            }
        } catch (IOException e) {
            b.append("cannot list: ").append(e.getMessage()).append('\n');
        }
        return b.toString();
    }

    private static long[] countAndSize(Path dir) {
        long[] r = new long[2];
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(Files::isRegularFile).forEach(f -> {
                r[0]++;
                r[1] += sizeOf(f);
            });
        } catch (IOException | UncheckedIOException e) {
            r[0] = -1;
        }
        return r;
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }

    /** mamori.log and its rolled .log.gz files, newest first, redacted, until {@code maxLogBytes} is reached. */
    private void logs(ZipOutputStream zip, List<String> entries) throws IOException {
        if (!Files.isDirectory(logDir)) {
            text(zip, entries, "logs/NONE.txt", "no log directory at " + logDir + "\n");
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(logDir)) {
            files = list.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches("mamori.*\\.log(\\.gz)?"))
                    .sorted(Comparator.comparing(SupportBundle::modified).reversed())
                    .toList();
        }
        long budget = maxLogBytes;
        for (Path f : files) {
            if (budget <= 0) {
                break;
            }
            String name = f.getFileName().toString().replaceFirst("\\.gz$", "");
            zip.putNextEntry(new ZipEntry("logs/" + name));
            budget -= copyRedacted(f, zip, budget);
            zip.closeEntry();
            entries.add("logs/" + name);
        }
    }

    private static long copyRedacted(Path f, OutputStream out, long budget) throws IOException {
        long written = 0;
        try (InputStream raw = Files.newInputStream(f);
             InputStream in = f.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && written < budget) {
                byte[] bytes = (Redaction.text(line) + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(bytes);
                written += bytes.length;
            }
        }
        return written;
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }
}
