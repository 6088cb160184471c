package dev.mamori.core.scan.sig;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** Builds engines and runs scans for tests. */
final class TestEngines {
    private TestEngines() {
    }

    static SignatureEngine ndb(String... lines) {
        return of(SignatureFormat.NDB, lines);
    }

    static SignatureEngine of(SignatureFormat format, String... lines) {
        try {
            return SignatureEngine.builder().add(format, "test." + format.name().toLowerCase(),
                    new StringReader(String.join("\n", lines))).build();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<SignatureMatch> scan(SignatureEngine engine, SignatureTarget type, byte[] input) {
        SignatureScanner s = engine.newScanner(type);
        s.update(input, 0, input.length);
        return s.finish();
    }

    /** Scans {@code input} in chunks ending at each of {@code cuts} (ascending). */
    static List<SignatureMatch> scanSplit(SignatureEngine engine, SignatureTarget type, byte[] input, int... cuts) {
        SignatureScanner s = engine.newScanner(type);
        int from = 0;
        for (int cut : cuts) {
            s.update(input, from, cut - from);
            from = cut;
        }
        s.update(input, from, input.length - from);
        return s.finish();
    }

    static List<String> names(List<SignatureMatch> matches) {
        List<String> names = new ArrayList<>();
        for (SignatureMatch m : matches) {
            names.add(m.name());
        }
        return names;
    }
}
