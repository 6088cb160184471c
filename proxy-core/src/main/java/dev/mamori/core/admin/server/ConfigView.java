package dev.mamori.core.admin.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mamori.core.admin.AdminError;
import dev.mamori.core.admin.AdminJson;
import dev.mamori.core.admin.Results;
import dev.mamori.core.config.ConfigException;
import dev.mamori.core.config.ConfigLoader;
import dev.mamori.core.config.ConfigRedactor;
import dev.mamori.core.config.ConfigProblem;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.ScanSettings;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.core.scan.engine.ContentEngine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code config.show} and {@code config.reload}. Show returns the configuration file as last loaded, parsed to JSON,
 * with every value under a secret-looking key replaced, and as text with its comments, secrets masked by
 * {@link ConfigRedactor} (what a remote editor starts from, so an edit keeps the operator's comments). Reload validates the file with {@link ConfigLoader}; a file
 * with problems is refused with the problems and nothing changes. A valid file applies live only what can be swapped
 * safely while mail flows, the scanning engines ({@code scan.signatureFiles}, {@code scan.heuristicRules},
 * {@code scan.urlBlocklist}, {@code scan.clamd}): they are loaded first and swapped whole, so a file that cannot be
 * read changes nothing. Every other change is reported as needing a restart.
 *
 * <p>{@code config.update} (and the embedded dashboard) go through {@link #update(String)}: the complete new text is
 * validated exactly as a reload validates the file, written atomically in place of the file (the previous file kept
 * as {@code <name>.bak}), then reloaded. Secrets are never shown, so they cannot be edited blind: a text that still
 * contains a redaction marker ({@value #REDACTED} from {@code config.show}, {@value #MASK} from the dashboard's
 * masked file view) is refused, naming the lines; the secret must be typed again, or the file edited on the server.
 */
public final class ConfigView {
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token|passphrase|credential).*");
    private static final YAMLMapper YAML = new YAMLMapper();
    static final String REDACTED = "(redacted)";
    /** The marker the dashboard's masked file view puts where a secret was. */
    public static final String MASK = "******";
    /** The largest configuration text {@link #update(String)} accepts. */
    public static final int MAX_UPDATE_CHARS = 1024 * 1024;

    private final Path file;
    private final ProxyRuntime runtime;
    private final Clock clock;
    /** The file as it was when the server started: what "needs a restart" is measured against. */
    private final MamoriConfig atStart;
    /** The file as last applied: what the engines were built from. */
    private MamoriConfig loaded;
    private JsonNode loadedTree;
    /** The file's text as last loaded, comments and all, secrets masked: what an editor starts from. */
    private String loadedText;
    private Instant loadedAt;
    private List<String> pendingRestart = List.of();

    /** {@code file} may be null when the server was started without a file (tests, embedded use). */
    public ConfigView(Path file, ProxyRuntime runtime, Clock clock) {
        this.file = file;
        this.runtime = runtime;
        this.clock = clock;
        this.atStart = fileOrRunning(file, runtime);
        this.loaded = atStart;
        this.loadedAt = clock.instant();
        readFile();
    }

    /**
     * The file parsed as at start. The running config may differ from it only by a {@code --data-dir} override,
     * which must not count as a change; if the file no longer parses, the running config is the best baseline.
     */
    private static MamoriConfig fileOrRunning(Path file, ProxyRuntime runtime) {
        if (file == null) {
            return runtime.config();
        }
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            return runtime.config();
        }
    }

    /** The file behind this view, or null when the server was started without one. */
    public Path file() {
        return file;
    }

    public synchronized ObjectNode show() {
        ObjectNode out = AdminJson.MAPPER.createObjectNode();
        out.put("source", file == null ? null : file.toString());
        out.put("loadedAt", loadedAt.toString());
        out.set("config", loadedTree == null ? null : redact(loadedTree.deepCopy()));
        out.put("text", loadedText);
        ArrayNode pending = out.putArray("restartRequired");
        pendingRestart.forEach(pending::add);
        return out;
    }

    public synchronized Results.Reload reload() throws AdminError {
        if (file == null) {
            throw new AdminError(AdminError.FAILED, "the server was started without a configuration file");
        }
        MamoriConfig next;
        try {
            next = ConfigLoader.load(file);
        } catch (ConfigException e) {
            throw new AdminError(AdminError.INVALID_CONFIG, "the configuration has problems; the running one stays:\n"
                    + e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        }
        List<String> applied = new ArrayList<>();
        if (!enginesOf(next.scan()).equals(enginesOf(loaded.scan()))) {
            try {
                if (runtime.components() instanceof dev.mamori.core.component.update.Updater updater) {
                    // with updates on, the set is the installed components plus the local files: rebuild both
                    updater.useScanSettings(next.scan());
                } else {
                    List<ContentEngine> engines = ProxyRuntime.loadEngines(next.scan());
                    runtime.useEngines(engines);
                }
            } catch (IOException | RuntimeException | dev.mamori.core.scan.sig.SignatureFormatException e) {
                throw new AdminError(AdminError.FAILED, "the scanning engines could not be loaded, nothing changed: "
                        + e.getMessage());
            }
            applied.add("scan.signatureFiles, scan.heuristicRules, scan.urlBlocklist, scan.clamd (engines reloaded)");
        }
        MamoriConfig start = atStart;
        List<String> restart = new ArrayList<>();
        compare(restart, "server", start.server(), next.server());
        compare(restart, "access", start.access(), next.access());
        compare(restart, "upstreams", start.upstreams(), next.upstreams());
        compare(restart, "tls", start.tls(), next.tls());
        compare(restart, "pop3", start.pop3(), next.pop3());
        compare(restart, "scan.policy", start.scan().policy(), next.scan().policy());
        compare(restart, "scan.quarantineRetention", start.scan().quarantineRetention(), next.scan().quarantineRetention());
        compare(restart, "admin", start.admin(), next.admin());
        compare(restart, "updates", start.updates(), next.updates());
        loaded = next;
        readFile();
        loadedAt = clock.instant();
        pendingRestart = List.copyOf(restart);
        return new Results.Reload(file.toString(), applied, restart);
    }

    /**
     * Validates {@code yaml} as the complete new configuration file; when valid, writes it in place of the file
     * (temporary file in the same directory, fsync, the previous file copied to {@code <name>.bak}, atomic rename)
     * and reloads it as {@link #reload()} does. When the reload cannot load the scanning engines, the previous file is
     * put back and the error is thrown: the file and the running server stay as they were.
     *
     * @return not accepted, with the problems, when the text is invalid or still contains a redacted secret (nothing
     *         written); otherwise accepted with what was applied and what needs a restart
     * @throws AdminError {@code failed} without a file, when the file cannot be written, or when the reload fails
     */
    public synchronized Results.ConfigUpdate update(String yaml) throws AdminError {
        if (file == null) {
            throw new AdminError(AdminError.FAILED, "the server was started without a configuration file");
        }
        String source = file.toString();
        if (yaml == null || yaml.isBlank()) {
            return refused(List.of(new ConfigProblem(source, "", "the new configuration is empty", "")));
        }
        if (yaml.length() > MAX_UPDATE_CHARS) {
            return refused(List.of(new ConfigProblem(source, "", "the new configuration is too long",
                    "at most " + MAX_UPDATE_CHARS + " characters")));
        }
        List<ConfigProblem> secrets = redactedLines(source, yaml);
        if (!secrets.isEmpty()) {
            return refused(secrets);
        }
        try {
            ConfigLoader.parse(yaml, source, file.toAbsolutePath().getParent());
        } catch (ConfigException e) {
            return refused(e.problems());
        }
        Path backup = file.resolveSibling(file.getFileName() + ".bak");
        Path previous;
        try {
            previous = writeAtomically(yaml, backup);
        } catch (IOException e) {
            throw new AdminError(AdminError.FAILED, "the configuration could not be written, nothing changed: "
                    + e.getMessage());
        }
        try {
            Results.Reload r = reload();
            return new Results.ConfigUpdate(source, true, List.of(), r.applied(), r.restartRequired());
        } catch (AdminError e) {
            try {
                Files.copy(previous, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
    }

    private static Results.ConfigUpdate refused(List<ConfigProblem> problems) {
        return new Results.ConfigUpdate(null, false, problems, List.of(), List.of());
    }

    /** The lines that still hold a redaction marker instead of a secret. */
    private static List<ConfigProblem> redactedLines(String source, String yaml) {
        List<ConfigProblem> problems = new ArrayList<>();
        String[] lines = yaml.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(REDACTED) || lines[i].contains(MASK)) {
                problems.add(new ConfigProblem(source, "line " + (i + 1),
                        "a secret is shown redacted here and cannot be saved as it is",
                        "type the secret again, or edit the file on the server"));
            }
        }
        return problems;
    }

    /**
     * Writes {@code yaml} to a temporary file beside the configuration (same permissions), forces it to disk, copies
     * the current file to {@code backup} and renames the temporary file over the configuration.
     *
     * @return the backup
     */
    private Path writeAtomically(String yaml, Path backup) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            PosixFileAttributeView from = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            PosixFileAttributeView to = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (from != null && to != null && Files.exists(file)) {
                to.setPermissions(from.readAttributes().permissions());
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(yaml.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // directories cannot be opened for sync on every platform; the rename itself is still atomic
        }
        return backup;
    }

    private static List<Object> enginesOf(ScanSettings s) {
        return java.util.Arrays.asList(s.signatureFiles(), s.heuristicRules(), s.urlBlocklist(), s.clamd());
    }

    private static void compare(List<String> restart, String what, Object running, Object next) {
        if (!Objects.equals(running, next)) {
            restart.add(what);
        }
    }

    /** Reads the file once for both views of it: the redacted tree and the masked text. */
    private void readFile() {
        if (file == null) {
            loadedTree = null;
            loadedText = null;
            return;
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            loadedTree = TextNode.valueOf("cannot be read: " + e.getMessage());
            loadedText = null;
            return;
        }
        loadedText = ConfigRedactor.redact(text);
        try {
            loadedTree = YAML.readTree(text);
        } catch (IOException e) {
            loadedTree = TextNode.valueOf("cannot be parsed: " + e.getMessage());
        }
    }

    /** Replaces the value of every key that names a secret, at any depth. */
    static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (SECRET_KEY.matcher(e.getKey()).matches()) {
                    e.setValue(TextNode.valueOf(REDACTED));
                } else {
                    redact(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(ConfigView::redact);
        }
        return node;
    }
}
