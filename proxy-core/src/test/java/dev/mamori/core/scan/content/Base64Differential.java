package dev.mamori.core.scan.content;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Runs mime4j's {@link Base64InputStream} and {@link LenientBase64InputStream} side by side on the same input and the
 * same sequence of read calls, and records everything the caller and the monitor observe as a transcript: each read
 * call with its result and the whole caller buffer after it, each exception, and each warning the monitor received
 * (in order, between the reads). Two decoders are the same when their transcripts are. How much each reads ahead from
 * the underlying stream is not part of it (mime4j's request size depends on its thread-local buffer recycler), but
 * the underlying stream hands out random short pieces so that every refill boundary is exercised.
 */
final class Base64Differential {
    /** How the monitor answers a warning: the walker's lenient mode, or strict (warn returns true, the read throws). */
    enum Mode {
        LENIENT(false), STRICT(true);

        final boolean throwOnWarning;

        Mode(boolean throwOnWarning) {
            this.throwOnWarning = throwOnWarning;
        }
    }

    /** How the caller reads: single bytes, small buffers, buffers around the quantum size, big buffers, or a mix. */
    enum Reads {
        SINGLE, TINY, SMALL, LARGE, MIXED
    }

    private static final int MAX_CALLS = 2_000_000;

    private Base64Differential() {
    }

    static List<String> mime4j(byte[] input, Mode mode, Reads reads, long seed) {
        return transcript(input, mode, reads, seed, Base64InputStream::new);
    }

    static List<String> ours(byte[] input, Mode mode, Reads reads, long seed) {
        return transcript(input, mode, reads, seed, LenientBase64InputStream::new);
    }

    /**
     * The transcript of decoding {@code input}. The underlying stream returns short reads (and now and then 0) and the
     * caller's read sizes and offsets are drawn from {@code seed}, identically for both decoders.
     */
    static List<String> transcript(byte[] input, Mode mode, Reads reads, long seed,
                                   BiFunction<InputStream, DecodeMonitor, InputStream> decoder) {
        List<String> log = new ArrayList<>();
        Random random = new Random(seed);
        DecodeMonitor monitor = new DecodeMonitor() {
            @Override
            public boolean warn(String message, String dropDesc) {
                log.add("warn " + message + " / " + dropDesc);
                return mode.throwOnWarning;
            }

            @Override
            public boolean isListening() {
                return true;
            }
        };
        InputStream in = decoder.apply(new ChoppyInput(input, new Random(seed ^ 0x5DEECE66DL)), monitor);
        byte[] buffer = new byte[0];
        HexFormat hex = HexFormat.of();
        try {
            for (int calls = 0; calls < MAX_CALLS; calls++) {
                int length = switch (reads) {
                    case SINGLE -> 0;
                    case TINY -> 1 + random.nextInt(4);
                    case SMALL -> 1 + random.nextInt(100);
                    case LARGE -> 1 + random.nextInt(70_000);
                    case MIXED -> random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 8 : 5000);
                };
                if (length == 0) {
                    int b = in.read();
                    log.add("read() " + b);
                    if (b < 0) {
                        break;
                    }
                    continue;
                }
                int offset = random.nextInt(4);
                if (buffer.length != offset + length + 3) {
                    buffer = new byte[offset + length + 3];
                }
                Arrays.fill(buffer, (byte) 0xA5);
                try {
                    int n = in.read(buffer, offset, length);
                    log.add("read(" + offset + ", " + length + ") " + n + " " + hex.formatHex(buffer));
                    if (n < 0) {
                        break;
                    }
                } catch (IOException e) {
                    log.add("read(" + offset + ", " + length + ") threw " + e + " " + hex.formatHex(buffer));
                    throw e;
                }
            }
            log.add("read() after end " + in.read());
            in.close();
            try {
                in.read();
                log.add("read after close did not throw");
            } catch (IOException e) {
                log.add("read after close threw " + e.getMessage());
            }
        } catch (IOException e) {
            log.add("threw " + e);
        }
        return log;
    }

    /** An underlying stream that hands out its bytes in random short pieces, sometimes none. */
    private static final class ChoppyInput extends InputStream {
        private final byte[] data;
        private final Random random;
        private int position;

        ChoppyInput(byte[] data, Random random) {
            this.data = data;
            this.random = random;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n;
            if (position >= data.length) {
                n = -1;
            } else if (random.nextInt(20) == 0) {
                n = 0;
            } else {
                n = Math.min(Math.min(len, data.length - position),
                        random.nextBoolean() ? len : 1 + random.nextInt(Math.max(1, len)));
                System.arraycopy(data, position, b, off, n);
                position += n;
            }
            return n;
        }
    }
}
