package dev.mamori.core.scan.sig;

import dev.mamori.core.scan.content.FileType;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Mamori's signature engine: ClamAV-format body ({@code .ndb}) and hash ({@code .hdb}, {@code .hsb}) signatures plus
 * the built-in EICAR test signature, compiled once into immutable indexes. Immutable and thread-safe: one engine
 * serves every scan thread, each item gets its own {@link SignatureScanner}. An update builds a new engine and swaps
 * the reference; scans in flight finish on the old one.
 *
 * <pre>{@code
 * SignatureEngine engine = SignatureEngine.load(List.of(Path.of("main.ndb"), Path.of("main.hdb")));
 * SignatureScanner scanner = engine.newScanner(item.detectedType(), item.size());
 * scanner.update(chunk, 0, n);            // as often as needed
 * List<SignatureMatch> found = scanner.finish();
 * }</pre>
 */
public final class SignatureEngine {
    private final BodyIndex body;
    private final List<HashIndex> hashes;
    private final NameTable hashNames;
    private final SignatureEngineStats stats;

    private SignatureEngine(SignatureLoader loaded) {
        List<BodySignature> bodySignatures = new ArrayList<>(loaded.bodySignatures());
        bodySignatures.add(Eicar.signature());
        this.body = BodyIndex.compile(bodySignatures);
        this.hashes = HashIndex.buildAll(loaded.hashBuilders());
        this.hashNames = loaded.hashNames().trim();
        long memory = body.memoryBytes() + hashNames.memoryBytes();
        int[] perAlgorithm = new int[HashAlgorithm.values().length];
        for (HashIndex h : hashes) {
            memory += h.memoryBytes();
            perAlgorithm[h.algorithm().ordinal()] = h.size();
        }
        this.stats = new SignatureEngineStats(body.signatureCount(), perAlgorithm[HashAlgorithm.MD5.ordinal()],
                perAlgorithm[HashAlgorithm.SHA1.ordinal()], perAlgorithm[HashAlgorithm.SHA256.ordinal()],
                body.shortSignatures(), body.slowSignatures(), loaded.skippedUnsupported(),
                loaded.skippedMalformed(), memory, loaded.warnings());
    }

    /** Loads {@code .ndb}, {@code .hdb} and {@code .hsb} files (by extension; others are an error), strictly. */
    public static SignatureEngine load(List<Path> files) throws IOException, SignatureFormatException {
        Builder builder = builder();
        for (Path file : files) {
            builder.add(file);
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A scanner for one item of the detected type, whose size is not known in advance. */
    public SignatureScanner newScanner(FileType detectedType) {
        return newScanner(SignatureTarget.of(detectedType), -1);
    }

    /**
     * A scanner for one item of the detected type. A {@code knownSize} (or -1) lets the scanner skip computing any
     * digest that no hash signature of that size could match, which is most of them.
     */
    public SignatureScanner newScanner(FileType detectedType, long knownSize) {
        return newScanner(SignatureTarget.of(detectedType), knownSize);
    }

    /** A scanner for one item of a ClamAV target type (e.g. {@link SignatureTarget#MAIL} for a whole message). */
    public SignatureScanner newScanner(SignatureTarget itemType) {
        return newScanner(itemType, -1);
    }

    /** As {@link #newScanner(FileType, long)}, with the ClamAV target type given directly. */
    public SignatureScanner newScanner(SignatureTarget itemType, long knownSize) {
        return new SignatureScanner(new BodyStreamMatcher(body, itemType),
                new HashStreamState(hashes, hashNames, knownSize));
    }

    public SignatureEngineStats stats() {
        return stats;
    }

    /** Collects databases, then compiles them into an engine. Not thread-safe. */
    public static final class Builder {
        private final SignatureLoader loader = new SignatureLoader();

        private Builder() {
        }

        /**
         * In lenient mode a line that does not parse is counted, reported in {@link SignatureEngineStats#warnings()}
         * and skipped, instead of failing the load. Applies to databases added after this call.
         */
        public Builder lenient(boolean lenient) {
            loader.lenient(lenient);
            return this;
        }

        public Builder add(Path file) throws IOException, SignatureFormatException {
            loader.load(file);
            return this;
        }

        /** Adds a database read from {@code reader}; {@code sourceName} names it in errors. */
        public Builder add(SignatureFormat format, String sourceName, Reader reader)
                throws IOException, SignatureFormatException {
            loader.load(format, sourceName, reader);
            return this;
        }

        public SignatureEngine build() {
            return new SignatureEngine(loader);
        }
    }
}
