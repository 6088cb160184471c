package dev.mamori.benchmarks;

import dev.mamori.core.scan.sig.SignatureEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Mamori's engine against clamd on the same signatures and the same corpus, driven by {@code sig-vs-clamd.sh}.
 * <ul>
 * <li>{@code prepare DIR PATTERNS}: writes {@code DIR/db/bench.ndb} (realistic body signatures) and
 * {@code DIR/db/bench.hdb} (100k MD5 hashes) for clamd's private DatabaseDirectory.</li>
 * <li>{@code compare DIR SOCKET MIB}: loads the same files into Mamori, builds the corpus (a third each of mail text,
 * attachment bytes and executables), scans it item by item through Mamori on one thread and through clamd INSTREAM
 * (one stream at a time), and prints MB/s for both, the ratio and how many items each flagged.</li>
 * </ul>
 */
public final class ClamdComparison {
    private ClamdComparison() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "prepare" -> prepare(Path.of(args[1]), Integer.parseInt(args[2]));
            case "compare" -> compare(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
            default -> {
                System.err.println("usage: ClamdComparison prepare DIR PATTERNS | compare DIR SOCKET MIB");
                System.exit(2);
            }
        }
    }

    private static void prepare(Path dir, int patterns) throws IOException {
        Path db = Files.createDirectories(dir.resolve("db"));
        Files.write(db.resolve("bench.ndb"), SignatureSets.ndbLines(patterns, 1));
        Files.write(db.resolve("bench.hdb"), SignatureSets.hdbLines(100_000, 3));
        System.out.printf("wrote %d body signatures and 100000 hashes to %s%n", patterns, db);
    }

    private static void compare(Path dir, Path socket, int mib) throws Exception {
        Path db = dir.resolve("db");
        SignatureEngine engine = SignatureEngine.load(List.of(db.resolve("bench.ndb"), db.resolve("bench.hdb")));
        List<byte[]> items = new ArrayList<>();
        long third = mib * 1024L * 1024 / 3;
        for (Corpus.Kind kind : Corpus.Kind.values()) {
            items.addAll(Corpus.build(kind, third, 2));
        }
        double megabytes = Corpus.size(items) / 1e6;
        System.out.printf("corpus: %d items, %.1f MB; %d body signatures (+EICAR), %d hashes%n", items.size(),
                megabytes, engine.stats().bodySignatures() - 1, engine.stats().hashSignatures());

        int mamoriFlagged = 0;
        for (int warm = 0; warm < 3; warm++) {
            mamoriFlagged = 0;
            for (byte[] item : items) {
                mamoriFlagged += Engines.scan(engine, item).isEmpty() ? 0 : 1;
            }
        }
        long start = System.nanoTime();
        for (byte[] item : items) {
            Engines.scan(engine, item);
        }
        double mamoriSeconds = (System.nanoTime() - start) / 1e9;

        ClamdInstreamClient clamd = new ClamdInstreamClient(socket);
        int clamdFlagged = 0;
        for (byte[] item : items.subList(0, Math.min(20, items.size()))) {
            clamd.scan(item);
        }
        start = System.nanoTime();
        for (byte[] item : items) {
            String reply = clamd.scan(item);
            if (reply.endsWith("FOUND")) {
                clamdFlagged++;
            } else if (!reply.endsWith("OK")) {
                throw new IOException("clamd: " + reply);
            }
        }
        double clamdSeconds = (System.nanoTime() - start) / 1e9;

        double mamoriRate = megabytes / mamoriSeconds;
        double clamdRate = megabytes / clamdSeconds;
        System.out.printf("Mamori (1 thread): %8.1f MB/s   items flagged: %d%n", mamoriRate, mamoriFlagged);
        System.out.printf("clamd  (INSTREAM): %8.1f MB/s   items flagged: %d%n", clamdRate, clamdFlagged);
        System.out.printf("ratio Mamori/clamd: %.1fx%n", mamoriRate / clamdRate);
    }
}
