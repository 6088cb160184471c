package dev.mamori.benchmarks;

import dev.mamori.core.scan.content.LenientBase64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The base64 body of a 20 MB message read through mime4j's parser as the walk reads it, three ways in turn in one
 * JVM: the raw body stream (mime4j's boundary scanning only), mime4j's decoder on it, and
 * {@link LenientBase64InputStream} on it. Reports the median thread CPU time of each (the second half of the rounds),
 * which stays meaningful on a loaded machine where {@link Base64DecodeBenchmark}'s wall-clock scores scatter.
 * {@code java -cp <classes>:<lib>/* dev.mamori.benchmarks.Base64DecodeCpu [ROUNDS]}
 */
public final class Base64DecodeCpu {
    private Base64DecodeCpu() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        byte[] body = Base64Bodies.encode(20 * 1024 * 1024, 0, 3);
        String head = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        byte[] message = (head + new String(body, StandardCharsets.US_ASCII) + "\r\n--b1--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String[] ways = {"raw body", "mime4j", "mamori"};
        Map<String, List<Double>> cpu = new TreeMap<>();
        byte[] chunk = new byte[64 * 1024];
        for (int round = 0; round < rounds; round++) {
            String way = ways[round % ways.length];
            MimeTokenStream stream = new MimeTokenStream(new MimeConfig.Builder().setMaxLineLen(-1)
                    .setMaxContentLen(-1).build());
            stream.parse(new ByteArrayInputStream(message));
            for (EntityState s = stream.getState(); s != EntityState.T_END_OF_STREAM; s = stream.next()) {
                if (s != EntityState.T_BODY) {
                    continue;
                }
                long start = threads.getCurrentThreadCpuTime();
                long bytes = drain(switch (way) {
                    case "raw body" -> stream.getInputStream();
                    case "mime4j" -> stream.getDecodedInputStream();
                    default -> new LenientBase64InputStream(stream.getInputStream(), DecodeMonitor.SILENT);
                }, chunk);
                double millis = (threads.getCurrentThreadCpuTime() - start) / 1e6;
                if (round >= rounds / 2) {
                    cpu.computeIfAbsent(way, k -> new ArrayList<>()).add(millis);
                }
                if (bytes <= 0) {
                    throw new IllegalStateException("nothing read");
                }
            }
        }
        System.out.printf("%d bytes of base64 (%.1f MiB), CPU per body, median of %d each:%n", body.length,
                body.length / 1048576.0, cpu.get("mime4j").size());
        for (String way : ways) {
            List<Double> values = cpu.get(way);
            Collections.sort(values);
            double median = values.get(values.size() / 2);
            System.out.printf("  %-9s %6.1f ms  (%5.0f MiB/s of encoded input)%n", way, median,
                    body.length / 1048576.0 / (median / 1000));
        }
    }

    private static long drain(InputStream in, byte[] chunk) throws IOException {
        long total = 0;
        for (int n; (n = in.read(chunk)) >= 0; ) {
            total += n;
        }
        return total;
    }
}
