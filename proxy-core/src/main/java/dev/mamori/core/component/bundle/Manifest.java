package dev.mamori.core.component.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mamori.core.component.ComponentKind;
import dev.mamori.core.component.ComponentVersion;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code manifest.json} of a bundle. The signature covers its exact bytes, and it pins every payload file by name,
 * size and SHA-256, so the signature covers the payload too.
 *
 * @param format           always 1
 * @param component        e.g. {@code virus-patterns}
 * @param version          see {@link ComponentVersion}
 * @param created          ISO-8601 instant the publisher built the bundle
 * @param minEngineVersion the oldest {@link ComponentKind#ENGINE_VERSION} that can read the payload
 * @param files            the payload files, at the top level of the archive
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(int format, String component, String version, String created, String minEngineVersion,
                       List<FileEntry> files) {
    public static final String FILE_NAME = "manifest.json";
    public static final String SIGNATURE_NAME = "manifest.sig";
    public static final int FORMAT = 1;
    /** Payload file names: no directories, so nothing can be extracted outside the target directory. */
    public static final Pattern FILE_NAME_SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final int MAX_FILES = 1000;
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public record FileEntry(String name, long size, String sha256) {
    }

    public ComponentVersion parsedVersion() {
        return ComponentVersion.parse(version);
    }

    public ComponentVersion parsedMinEngineVersion() {
        return ComponentVersion.parse(minEngineVersion);
    }

    public long payloadSize() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and checks every field; the exception says what is wrong. */
    public static Manifest parse(byte[] json) throws BundleException {
        Manifest m;
        try {
            m = JSON.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new BundleException("wrong format: manifest.json: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        m.check();
        return m;
    }

    void check() throws BundleException {
        if (format != FORMAT) {
            throw new BundleException("wrong format: manifest format " + format + " (this program reads " + FORMAT + ")");
        }
        if (component == null || ComponentKind.of(component).isEmpty()) {
            throw new BundleException("wrong format: unknown component '" + component + "' (allowed: "
                    + String.join(", ", ComponentKind.ids()) + ")");
        }
        try {
            ComponentVersion.parse(version);
            ComponentVersion.parse(minEngineVersion);
            Instant.parse(created);
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
            throw new BundleException("wrong format: manifest: " + e.getMessage());
        }
        if (files == null || files.isEmpty() || files.size() > MAX_FILES) {
            throw new BundleException("wrong format: the manifest must list 1 to " + MAX_FILES + " files");
        }
        Set<String> names = new HashSet<>();
        for (FileEntry f : files) {
            if (f.name() == null || !FILE_NAME_SYNTAX.matcher(f.name()).matches()
                    || f.name().equals(FILE_NAME) || f.name().equals(SIGNATURE_NAME)) {
                throw new BundleException("wrong format: file name '" + f.name() + "' is not allowed");
            }
            if (!names.add(f.name())) {
                throw new BundleException("wrong format: file '" + f.name() + "' is listed twice");
            }
            if (f.size() < 0 || f.sha256() == null || !f.sha256().matches("[0-9a-f]{64}")) {
                throw new BundleException("wrong format: file '" + f.name() + "' needs a size and a SHA-256 (64 hex digits)");
            }
        }
    }
}
