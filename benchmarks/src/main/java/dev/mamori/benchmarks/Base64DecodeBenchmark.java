package dev.mamori.benchmarks;

import dev.mamori.core.scan.content.LenientBase64InputStream;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * Base64 body decoding as the MIME walk does it (64 KiB reads, a lenient monitor): mime4j's byte-at-a-time
 * {@code Base64InputStream} against {@link LenientBase64InputStream}. Bodies: {@code clean} (76-character lines,
 * CRLF, as mailers send), {@code dirty} (the same with about one byte in 200 outside the alphabet, each a warning).
 * Score = MiB of encoded input per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class Base64DecodeBenchmark {
    static final int ENCODED_MIB = 16;
    private static final DecodeMonitor LENIENT = new DecodeMonitor() {
        @Override
        public boolean warn(String message, String dropDesc) {
            return false;
        }

        @Override
        public boolean isListening() {
            return true;
        }
    };

    @Param({"mime4j", "mamori"})
    String decoder;

    @Param({"clean", "dirty"})
    String body;

    private byte[] encoded;
    private final byte[] chunk = new byte[64 * 1024];

    @Setup
    public void setUp() {
        encoded = Base64Bodies.encode(ENCODED_MIB * 1024 * 1024, body.equals("dirty") ? 200 : 0, 1);
    }

    @Benchmark
    @OperationsPerInvocation(ENCODED_MIB)
    public long decode() throws IOException {
        InputStream raw = new ByteArrayInputStream(encoded);
        InputStream in = decoder.equals("mime4j") ? new Base64InputStream(raw, LENIENT)
                : new LenientBase64InputStream(raw, LENIENT);
        long total = 0;
        for (int n; (n = in.read(chunk)) >= 0; ) {
            total += n;
        }
        return total;
    }
}
