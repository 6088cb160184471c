package dev.mamori.benchmarks;

import dev.mamori.core.scan.sig.SignatureEngine;
import dev.mamori.core.scan.sig.SignatureFormat;
import dev.mamori.core.scan.sig.SignatureMatch;
import dev.mamori.core.scan.sig.SignatureScanner;
import dev.mamori.core.scan.sig.SignatureTarget;

import java.io.StringReader;
import java.util.List;

/** Engine construction and the scan loop shared by the benchmarks and the clamd comparison. */
final class Engines {
    static final int CHUNK = 64 * 1024;

    private Engines() {
    }

    static SignatureEngine build(List<String> ndb, List<String> hdb) {
        try {
            return SignatureEngine.builder()
                    .add(SignatureFormat.NDB, "bench.ndb", new StringReader(String.join("\n", ndb)))
                    .add(SignatureFormat.HDB, "bench.hdb", new StringReader(String.join("\n", hdb)))
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scans one item in 64 KiB chunks, as the proxy feeds it; the item size is unknown, as when streaming. */
    static List<SignatureMatch> scan(SignatureEngine engine, byte[] item) {
        SignatureScanner scanner = engine.newScanner(SignatureTarget.ANY);
        for (int at = 0; at < item.length; at += CHUNK) {
            scanner.update(item, at, Math.min(CHUNK, item.length - at));
        }
        return scanner.finish();
    }
}
