package dev.mamori.benchmarks;

import dev.mamori.core.scan.sig.SignatureEngine;

import java.util.List;

/**
 * Prints the memory an engine costs per signature at 1k, 10k and 100k body patterns and 1M hashes: the engine's own
 * estimate of its arrays, and the heap growth measured around loading it (after GC). Also the load time.
 * Run: {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' dev.mamori.benchmarks.MemoryReport}
 */
public final class MemoryReport {
    private MemoryReport() {
    }

    public static void main(String[] args) {
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            List<String> lines = SignatureSets.ndbLines(n, 1);
            report(n + " body patterns", n, () -> Engines.build(lines, List.of()));
        }
        List<String> hashes = SignatureSets.hdbLines(1_000_000, 3);
        report("1M MD5 hashes", 1_000_000, () -> Engines.build(List.of(), hashes));
    }

    private static void report(String what, int n, java.util.function.Supplier<SignatureEngine> load) {
        long before = usedAfterGc();
        long start = System.nanoTime();
        SignatureEngine engine = load.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long after = usedAfterGc();
        System.out.printf("%-18s load %5d ms   estimate %6.1f MB (%4d B/sig)   heap growth %6.1f MB (%4d B/sig)"
                        + "   short-anchored %d, slow path %d%n",
                what, millis, engine.stats().memoryBytes() / 1e6, engine.stats().memoryBytes() / n,
                (after - before) / 1e6, (after - before) / n, engine.stats().shortAnchored(),
                engine.stats().slowPath());
        if (engine.stats().bodySignatures() < 0) {
            System.out.println(engine); // keeps the engine reachable until measured
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
