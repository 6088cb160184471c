package dev.mamori.benchmarks;

import dev.mamori.core.scan.sig.SignatureEngine;
import dev.mamori.core.scan.sig.SignatureScanner;
import dev.mamori.core.scan.sig.SignatureTarget;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * 1M MD5 hash signatures plus 10k body patterns, over attachment-like input: with the item size unknown (streaming,
 * every item is hashed) and known in advance (only items whose size some signature has are hashed). Score = MiB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class HashScanBenchmark {
    @Param({"false", "true"})
    boolean sizeKnown;

    private SignatureEngine engine;
    private List<byte[]> items;

    @Setup
    public void setUp() {
        engine = Engines.build(SignatureSets.ndbLines(10_000, 1), SignatureSets.hdbLines(1_000_000, 3));
        items = Corpus.build(Corpus.Kind.ATTACHMENT, SignatureScanBenchmark.CORPUS_MIB * 1024L * 1024, 2);
    }

    @Benchmark
    @OperationsPerInvocation(SignatureScanBenchmark.CORPUS_MIB)
    public void scan(Blackhole bh) {
        for (byte[] item : items) {
            SignatureScanner scanner = engine.newScanner(SignatureTarget.ANY, sizeKnown ? item.length : -1);
            for (int at = 0; at < item.length; at += Engines.CHUNK) {
                scanner.update(item, at, Math.min(Engines.CHUNK, item.length - at));
            }
            bh.consume(scanner.finish());
        }
    }
}
