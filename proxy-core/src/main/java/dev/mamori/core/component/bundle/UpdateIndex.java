package dev.mamori.core.component.bundle;

import dev.mamori.core.component.ComponentVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code index.json} of an update source: the latest version of each component and its bundle file, signed by the
 * publisher in {@code index.sig} ({@link DetachedSignature}). {@code issued} lets a server refuse an index older than
 * the last one it accepted, so a mirror or relay cannot freeze it on old versions by replaying an old index.
 *
 * @param format     always 1
 * @param issued     ISO-8601 instant the publisher signed the index
 * @param components one entry per component
 */
public record UpdateIndex(int format, String issued, List<Entry> components) {
    public static final String FILE_NAME = "index.json";
    public static final String SIGNATURE_NAME = "index.sig";
    static final int MAX_INDEX = 1 << 20;

    /** One component: its latest version and the bundle that holds it (file name in the same directory). */
    public record Entry(String component, String version, String file, long size, String sha256) {
    }

    public Instant issuedAt() {
        return Instant.parse(issued);
    }

    public Optional<Entry> entry(String component) {
        return components.stream().filter(e -> e.component().equals(component)).findFirst();
    }

    public byte[] toJson() {
        try {
            return Manifest.JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Verifies the signature over the exact bytes, then parses and checks the fields. */
    public static UpdateIndex verify(byte[] json, byte[] signature, TrustedKeys keys) throws BundleException {
        if (json.length > MAX_INDEX) {
            throw new BundleException("too large: index.json is over " + MAX_INDEX + " bytes");
        }
        DetachedSignature.parse(signature, SIGNATURE_NAME).verify(json, keys, FILE_NAME);
        UpdateIndex index;
        try {
            index = Manifest.JSON.readValue(json, UpdateIndex.class);
        } catch (IOException e) {
            throw new BundleException("wrong format: index.json: " + e.getMessage());
        }
        index.check();
        return index;
    }

    void check() throws BundleException {
        if (format != 1) {
            throw new BundleException("wrong format: index format " + format + " (this program reads 1)");
        }
        try {
            Instant.parse(issued);
        } catch (NullPointerException | DateTimeParseException e) {
            throw new BundleException("wrong format: index.json: issued '" + issued + "' is not an ISO-8601 instant");
        }
        Set<String> seen = new HashSet<>();
        for (Entry e : components == null ? List.<Entry>of() : components) {
            if (e.component() == null || !seen.add(e.component())) {
                throw new BundleException("wrong format: index.json lists component '" + e.component() + "' twice or unnamed");
            }
            try {
                ComponentVersion.parse(e.version());
            } catch (IllegalArgumentException | NullPointerException ex) {
                throw new BundleException("wrong format: index.json: " + ex.getMessage());
            }
            if (!BundleWriter.fileName(e.component(), e.version()).equals(e.file())) {
                throw new BundleException("wrong format: index.json entry for " + e.component() + " " + e.version()
                        + " names file '" + e.file() + "', not " + BundleWriter.fileName(e.component(), e.version()));
            }
            if (e.file() == null || !Manifest.FILE_NAME_SYNTAX.matcher(e.file()).matches() || e.size() < 0
                    || e.sha256() == null || !e.sha256().matches("[0-9a-f]{64}")) {
                throw new BundleException("wrong format: index.json entry for " + e.component() + " needs a plain file name, size and SHA-256");
            }
        }
    }

    /**
     * Builds and signs the index of a directory of bundles (the latest version of each component), written as
     * {@code index.json} and {@code index.sig} in that directory. Every bundle is verified with the publisher's own
     * public key first: an index never points at a bundle that would be refused.
     */
    public static UpdateIndex writeFor(Path dir, PrivateKey key, PublicKey publicKey, Instant issued, long maxSize)
            throws IOException, GeneralSecurityException, BundleException {
        TrustedKeys own = TrustedKeys.of(List.of(publicKey));
        List<Entry> latest = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".bundle")).sorted().toList()) {
                Manifest m;
                try {
                    m = BundleReader.verify(p, own, maxSize);
                } catch (BundleException e) {
                    throw new BundleException(p.getFileName() + ": " + e.getMessage(), e);
                }
                Entry e = new Entry(m.component(), m.version(), p.getFileName().toString(), Files.size(p), Hashing.sha256Hex(p));
                Optional<Entry> have = latest.stream().filter(x -> x.component().equals(e.component())).findFirst();
                if (have.isEmpty()) {
                    latest.add(e);
                } else if (ComponentVersion.parse(e.version()).isNewerThan(ComponentVersion.parse(have.get().version()))) {
                    latest.set(latest.indexOf(have.get()), e);
                }
            }
        }
        latest.sort(java.util.Comparator.comparing(Entry::component));
        UpdateIndex index = new UpdateIndex(1, issued.toString(), List.copyOf(latest));
        byte[] json = index.toJson();
        Files.write(dir.resolve(FILE_NAME), json);
        Files.write(dir.resolve(SIGNATURE_NAME), DetachedSignature.sign(json, key, publicKey).encode());
        return index;
    }

}
