package dev.mamori.core.scan.sig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads database files line by line into parsed body signatures and hash index builders, keeping the accounting of
 * what was skipped and why. Blank lines and lines starting with {@code #} are ignored.
 */
final class SignatureLoader {
    private static final int MAX_WARNINGS = 20;

    private final List<BodySignature> bodySignatures = new ArrayList<>();
    private final List<HashIndex.Builder> hashBuilders = new ArrayList<>();
    private final NameTable hashNames = new NameTable();
    private final List<String> warnings = new ArrayList<>();
    private int skippedUnsupported;
    private int skippedMalformed;
    private boolean lenient;

    SignatureLoader() {
        for (HashAlgorithm a : HashAlgorithm.values()) {
            hashBuilders.add(new HashIndex.Builder(a));
        }
    }

    void lenient(boolean lenient) {
        this.lenient = lenient;
    }

    void load(Path file) throws IOException, SignatureFormatException {
        String source = file.getFileName().toString();
        SignatureFormat format = SignatureFormat.ofFile(file).orElseThrow(() -> new SignatureFormatException(
                source, 0, "not a signature database Mamori reads (.ndb, .hdb, .hsb)"));
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            load(format, source, reader);
        }
    }

    void load(SignatureFormat format, String source, Reader reader) throws IOException, SignatureFormatException {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        int number = 0;
        for (String line; (line = lines.readLine()) != null; ) {
            number++;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                switch (format) {
                    case NDB -> bodySignatures.add(NdbLineParser.parse(line));
                    case HDB, HSB -> {
                        HashSignature h = HashLineParser.parse(line, format);
                        hashBuilders.get(h.algorithm().ordinal()).add(h.digest(), h.size(), hashNames.add(h.name()));
                    }
                }
            } catch (InvalidSignatureException e) {
                if (e.unsupported()) {
                    skippedUnsupported++;
                    warn(source + ":" + number + ": skipped: " + e.getMessage());
                } else if (lenient) {
                    skippedMalformed++;
                    warn(source + ":" + number + ": skipped: " + e.getMessage());
                } else {
                    throw new SignatureFormatException(source, number, e.getMessage());
                }
            }
        }
    }

    private void warn(String message) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(message);
        }
    }

    List<BodySignature> bodySignatures() {
        return bodySignatures;
    }

    List<HashIndex.Builder> hashBuilders() {
        return hashBuilders;
    }

    NameTable hashNames() {
        return hashNames;
    }

    List<String> warnings() {
        return warnings;
    }

    int skippedUnsupported() {
        return skippedUnsupported;
    }

    int skippedMalformed() {
        return skippedMalformed;
    }
}
