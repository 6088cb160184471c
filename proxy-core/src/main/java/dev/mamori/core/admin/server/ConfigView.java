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
import dev.mamori.core.config.ConfigProblem;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.config.ScanSettings;
import dev.mamori.core.runtime.ProxyRuntime;
import dev.mamori.core.scan.engine.ContentEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * with every value under a secret-looking key replaced. Reload validates the file with {@link ConfigLoader}; a file
 * with problems is refused with the problems and nothing changes. A valid file applies live only what can be swapped
 * safely while mail flows, the scanning engines ({@code scan.signatureFiles}, {@code scan.heuristicRules},
 * {@code scan.urlBlocklist}, {@code scan.clamd}): they are loaded first and swapped whole, so a file that cannot be
 * read changes nothing. Every other change is reported as needing a restart.
 */
public final class ConfigView {
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token|passphrase|credential).*");
    private static final YAMLMapper YAML = new YAMLMapper();
    static final String REDACTED = "(redacted)";

    private final Path file;
    private final ProxyRuntime runtime;
    private final Clock clock;
    /** The file as it was when the server started: what "needs a restart" is measured against. */
    private final MamoriConfig atStart;
    /** The file as last applied: what the engines were built from. */
    private MamoriConfig loaded;
    private JsonNode loadedTree;
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
        this.loadedTree = file == null ? null : readTree(file);
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

    public synchronized ObjectNode show() {
        ObjectNode out = AdminJson.MAPPER.createObjectNode();
        out.put("source", file == null ? null : file.toString());
        out.put("loadedAt", loadedAt.toString());
        out.set("config", loadedTree == null ? null : redact(loadedTree.deepCopy()));
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
        loadedTree = readTree(file);
        loadedAt = clock.instant();
        pendingRestart = List.copyOf(restart);
        return new Results.Reload(file.toString(), applied, restart);
    }

    private static List<Object> enginesOf(ScanSettings s) {
        return java.util.Arrays.asList(s.signatureFiles(), s.heuristicRules(), s.urlBlocklist(), s.clamd());
    }

    private static void compare(List<String> restart, String what, Object running, Object next) {
        if (!Objects.equals(running, next)) {
            restart.add(what);
        }
    }

    private static JsonNode readTree(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            return TextNode.valueOf("cannot be read: " + e.getMessage());
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
