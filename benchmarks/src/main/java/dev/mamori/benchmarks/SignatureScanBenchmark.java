package dev.mamori.benchmarks;

import dev.mamori.core.scan.sig.SignatureEngine;
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
 * Body-signature throughput on one core. Each invocation scans {@value #CORPUS_MIB} MiB of one kind of input, item by
 * item in 64 KiB chunks, so the score in ops/s reads directly as MiB/s per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class SignatureScanBenchmark {
    static final int CORPUS_MIB = 16;

    @Param({"1000", "10000", "100000"})
    int patterns;

    @Param({"TEXT", "ATTACHMENT", "EXECUTABLE"})
    Corpus.Kind input;

    private SignatureEngine engine;
    private List<byte[]> items;

    @Setup
    public void setUp() {
        engine = Engines.build(SignatureSets.ndbLines(patterns, 1), List.of());
        items = Corpus.build(input, CORPUS_MIB * 1024L * 1024, 2);
    }

    @Benchmark
    @OperationsPerInvocation(CORPUS_MIB)
    public void scan(Blackhole bh) {
        for (byte[] item : items) {
            bh.consume(Engines.scan(engine, item));
        }
    }
}
