package dev.mamori.benchmarks;

import dev.mamori.core.scan.content.ItemStorage;
import dev.mamori.core.scan.content.MessageWalker;
import dev.mamori.core.scan.content.ScanLimits;
import dev.mamori.core.scan.content.WalkResult;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MIME walk of one message with a 20 MB base64 attachment (the POP3 benchmark's message shape) or, with
 * {@code qp}, a 20 MB quoted-printable text part: stores and types every item as the scan does, no engines. Not JMH,
 * so that the same class runs against two builds of proxy-core on one class path each and the runs can be
 * interleaved: {@code java -cp <classes>:<lib>/* dev.mamori.benchmarks.WalkBenchmark [ROUNDS] [base64|qp]} prints one
 * line per walk and the medians of the second half (the first half warms up). The walk's thread CPU time (user +
 * system) is printed next to the wall time: on a shared machine it is the steadier of the two.
 */
public final class WalkBenchmark {
    private WalkBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        boolean qp = args.length > 1 && args[1].equals("qp");
        byte[] attachment = qp ? Base64Bodies.quotedPrintable(20 * 1024 * 1024, 7)
                : Base64Bodies.encode(20 * 1024 * 1024, 0, 7);
        String head = "From: a@example.net\r\nTo: b@example.net\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n"
                + "see attachment\r\n--b1\r\n" + (qp
                ? "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                : "Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n");
        byte[] message = concat(head.getBytes(StandardCharsets.US_ASCII), attachment,
                "\r\n--b1--\r\n".getBytes(StandardCharsets.US_ASCII));
        Path temp = Files.createTempDirectory("walk-bench");
        MessageWalker walker = new MessageWalker(ScanLimits.defaults().withMaxItemSize(64L << 20)
                .withMaxTotalSize(256L << 20), new ItemStorage(temp, 1 << 20));
        long[] millis = new long[rounds];
        long[] cpuMillis = new long[rounds];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try {
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                long[] bytes = new long[1];
                WalkResult result = walker.walk(new ByteArrayInputStream(message), item -> bytes[0] += item.size());
                millis[i] = (System.nanoTime() - start) / 1_000_000;
                cpuMillis[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
                System.out.printf("walk %d: %d ms (CPU %d ms), %d items, %d bytes, findings %s%n", i, millis[i],
                        cpuMillis[i], result.items(), bytes[0], result.findings());
            }
            System.out.println("median of the last " + (rounds - rounds / 2) + ": " + median(millis, rounds / 2)
                    + " ms, CPU " + median(cpuMillis, rounds / 2) + " ms");
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static long median(long[] values, int from) {
        long[] measured = java.util.Arrays.copyOfRange(values, from, values.length);
        java.util.Arrays.sort(measured);
        return measured[measured.length / 2];
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
