package dev.mamori.core.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the YAML configuration into the immutable {@link MamoriConfig} tree. Strict on purpose: unknown keys, a
 * key given twice, a second YAML document, a fraction where a count belongs and empty list entries are all errors,
 * because a setting that is silently ignored is how a proxy ends up open.
 *
 * <p>Relative paths in a loaded file ({@code server.dataDir}, {@code upstreams.extraCaFiles},
 * {@code tls.certificate}, {@code tls.privateKey}) are resolved against the file's directory, so a config works the
 * same from whatever directory the service is started. A data directory that the file does not set stays
 * {@code mamori-data} relative to the working directory, as documented.
 */
public final class ConfigLoader {
    /** A real config is a few KiB; anything this large is the wrong file. */
    static final long MAX_FILE_SIZE = 1L << 20;
    static final String TOP_LEVEL_KEYS = "server, access, upstreams, tls, pop3, scan, smtp, metrics, logging, notifications, admin, store, updates";

    private static final ObjectMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .build();

    private ConfigLoader() {
    }

    /** Loads and validates a config file; the problems name the file as given in {@code file}. */
    public static MamoriConfig load(Path file) throws ConfigException {
        String source = file.toString();
        Path baseDir = file.toAbsolutePath().getParent();
        return parse(read(file, source), source, baseDir);
    }

    /** Parses config text; relative paths in it stay relative to the working directory. */
    public static MamoriConfig parse(String yaml, String sourceName) throws ConfigException {
        return parse(yaml, sourceName, null);
    }

    /** Parses config text whose relative paths are relative to {@code baseDir} (when not null). */
    public static MamoriConfig parse(String yaml, String sourceName, Path baseDir) throws ConfigException {
        JsonNode tree;
        MamoriConfig config;
        try {
            tree = MAPPER.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new ConfigException(new ConfigProblem(sourceName, "", "the file is empty", "allowed top-level keys: " + TOP_LEVEL_KEYS));
            }
            List<ConfigProblem> unknown = UnknownKeys.find(tree, MamoriConfig.class, sourceName);
            if (!unknown.isEmpty()) {
                throw new ConfigException(unknown);
            }
            config = MAPPER.readerFor(MamoriConfig.class).readValue(tree);
        } catch (JsonProcessingException e) {
            throw new ConfigException(JacksonProblems.of(sourceName, e));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(sourceName, "", "cannot be read: " + e.getMessage(), ""));
        }
        if (baseDir != null) {
            config = ConfigPaths.resolve(config, baseDir, tree.path("server").has("dataDir"));
        }
        List<ConfigProblem> problems = ConfigConsistency.check(config, sourceName);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /**
     * Parses one section of a config file on its own, with the same strictness as {@link #parse}: unknown keys,
     * wrong types and refused values become {@link ConfigProblem}s whose locations are relative to the section.
     * For modules whose section is not part of {@link MamoriConfig} yet, and for their tests.
     */
    public static <T extends Record> T parseSection(String yaml, Class<T> type, String sourceName) throws ConfigException {
        try {
            JsonNode tree = MAPPER.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                tree = MAPPER.createObjectNode();
            }
            List<ConfigProblem> unknown = UnknownKeys.find(tree, type, sourceName);
            if (!unknown.isEmpty()) {
                throw new ConfigException(unknown);
            }
            return MAPPER.readerFor(type).readValue(tree);
        } catch (JsonProcessingException e) {
            throw new ConfigException(JacksonProblems.of(sourceName, e));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(sourceName, "", "cannot be read: " + e.getMessage(), ""));
        }
    }

    private static String read(Path file, String source) throws ConfigException {
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(new ConfigProblem(source, "", "is a directory", "expected a YAML file"));
            }
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new ConfigException(new ConfigProblem(source, "", "is larger than " + DataSize.ofBytes(MAX_FILE_SIZE), "is this the config file?"));
            }
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(source, "", "file not found", ""));
        } catch (CharacterCodingException e) {
            throw new ConfigException(new ConfigProblem(source, "", "is not UTF-8 text", "save the file as UTF-8"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(source, "", "cannot be read: " + e, ""));
        }
    }
}
