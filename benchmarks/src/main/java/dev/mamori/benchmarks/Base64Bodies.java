package dev.mamori.benchmarks;

import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

/** Base64 bodies as mailers write them, optionally dirtied, for the decoder and walk benchmarks. */
final class Base64Bodies {
    private Base64Bodies() {
    }

    /** About {@code size} bytes of base64 with CRLF after every 76 characters; garbage every ~{@code dirtEvery}. */
    static byte[] encode(int size, int dirtEvery, long seed) {
        Random random = new Random(seed);
        byte[] content = new byte[size / 78 * 57];
        random.nextBytes(content);
        byte[] lines = Base64.getMimeEncoder(76, new byte[]{'\r', '\n'}).encode(content);
        if (dirtEvery == 0) {
            return lines;
        }
        byte[] out = new byte[lines.length + lines.length / dirtEvery + 1];
        int o = 0;
        for (byte b : lines) {
            if (random.nextInt(dirtEvery) == 0) {
                out[o++] = (byte) (random.nextBoolean() ? '\t' : 0xC3);
            }
            out[o++] = b;
        }
        return Arrays.copyOf(out, o);
    }

}
