package dev.mamori.benchmarks;

import dev.mamori.core.scan.sig.SignatureEngine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * The same scan as {@link SignatureScanBenchmark}, timed by the scanning thread's CPU time instead of the wall clock:
 * MiB per CPU-second is MiB/s per core with the time the thread waited for a core left out, which on a shared machine
 * (load average above the core count) is the only per-core figure that does not swing with the other jobs. Caches and
 * memory bandwidth are still shared, so it is not noise-free. Not a replacement for JMH (no forks, no blackhole), a
 * companion to it.
 *
 * <p>Run: {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*'
 * dev.mamori.benchmarks.CpuTimeThroughput 1000,10000,100000 TEXT,ATTACHMENT,EXECUTABLE [rounds]}
 */
public final class CpuTimeThroughput {
    private CpuTimeThroughput() {
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        for (String count : args[0].split(",")) {
            int patterns = Integer.parseInt(count);
            SignatureEngine engine = Engines.build(SignatureSets.ndbLines(patterns, 1), List.of());
            for (String kind : args[1].split(",")) {
                List<byte[]> items = Corpus.build(Corpus.Kind.valueOf(kind),
                        SignatureScanBenchmark.CORPUS_MIB * 1024L * 1024, 2);
                double mib = Corpus.size(items) / (1024.0 * 1024);
                long matches = 0;
                for (int warm = 0; warm < 3; warm++) {
                    matches += scanAll(engine, items);
                }
                double[] perCpuSecond = new double[rounds];
                long wallStart = System.nanoTime();
                for (int round = 0; round < rounds; round++) {
                    long cpu = threads.getCurrentThreadCpuTime();
                    matches += scanAll(engine, items);
                    perCpuSecond[round] = mib / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9);
                }
                double wall = mib * rounds / ((System.nanoTime() - wallStart) / 1e9);
                Arrays.sort(perCpuSecond);
                System.out.printf("%-7d %-11s MiB/CPU-s median %6.0f (min %6.0f, max %6.0f)   MiB/wall-s %6.0f"
                                + "   matches/round %d%n", patterns, kind, perCpuSecond[rounds / 2], perCpuSecond[0],
                        perCpuSecond[rounds - 1], wall, matches / (rounds + 3));
            }
        }
    }

    private static long scanAll(SignatureEngine engine, List<byte[]> items) {
        long matches = 0;
        for (byte[] item : items) {
            matches += Engines.scan(engine, item).size();
        }
        return matches;
    }
}
