package dev.mamori.core.scan.content;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * The reference for {@link LenientQuotedPrintableInputStream}: mime4j's {@link QuotedPrintableInputStream} reading
 * the whole body at once (an internal buffer larger than the body, an underlying stream that returns everything in one
 * read, one caller read larger than the output), and the same observation of any decoder under random chunkings of
 * the underlying stream and random caller reads. An {@link Outcome} is what the scan sees: the decoded bytes, every
 * warning the monitor received (message and detail, in order) and the exception, if any. mime4j's warnings are
 * taken with the one difference {@link LenientQuotedPrintableInputStream} makes on purpose (see {@link #bounded}).
 */
final class QuotedPrintableDifferential {
    /** How the monitor answers a warning: the walker's lenient mode, or strict (warn returns true). */
    enum Mode {
        LENIENT, STRICT
    }

    /** How the caller reads: single bytes, small buffers, big buffers, or a mix. */
    enum Reads {
        SINGLE, TINY, SMALL, LARGE, MIXED
    }

    /** The decoded bytes (hex), the warnings, the exception (null if none) and what a read after the end gave. */
    record Outcome(String output, List<String> warnings, String exception, String afterEnd) {
    }

    private QuotedPrintableDifferential() {
    }

    /** mime4j reading the whole body at once: the reference. */
    static Outcome mime4jWhole(byte[] input, Mode mode) {
        Recorder monitor = new Recorder(mode);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String exception = null;
        String afterEnd = "";
        try (InputStream decoder = new WholeBuffer(input, monitor)) {
            byte[] buffer = new byte[2 * input.length + 16]; // a LF becomes CR LF: the output is at most twice as long
            int n = decoder.read(buffer, 0, buffer.length);
            if (n > 0) {
                out.write(buffer, 0, n);
            }
            int next = decoder.read(buffer, 0, buffer.length);
            if (n >= 0 && next != -1) {
                throw new AssertionError("the whole-body read did not return everything at once");
            }
            afterEnd = "after end " + decoder.read();
        } catch (IOException e) {
            exception = e.getMessage();
        }
        return new Outcome(HexFormat.of().formatHex(out.toByteArray()), bounded(monitor.warnings), exception, afterEnd);
    }

    /**
     * mime4j's warnings with the one deliberate difference applied: an {@code "ignored blanks"} warning lists at most
     * {@link LenientQuotedPrintableInputStream#DESCRIBED_BLANKS} blanks, then how many there were.
     */
    private static List<String> bounded(List<String> warnings) {
        String prefix = "ignored blanks / ";
        List<String> out = new ArrayList<>(warnings.size());
        for (String warning : warnings) {
            if (warning.startsWith(prefix)) {
                String[] blanks = warning.substring(prefix.length() + 1).split(" ");
                if (blanks.length > LenientQuotedPrintableInputStream.DESCRIBED_BLANKS) {
                    String[] listed = Arrays.copyOf(blanks, LenientQuotedPrintableInputStream.DESCRIBED_BLANKS);
                    warning = prefix + " " + String.join(" ", listed) + " ... (" + blanks.length + " in all)";
                }
            }
            out.add(warning);
        }
        return out;
    }

    static Outcome ours(byte[] input, Mode mode, Reads reads, long seed) {
        return chunked(input, mode, reads, seed, LenientQuotedPrintableInputStream::new);
    }

    static Outcome mime4jChunked(byte[] input, Mode mode, Reads reads, long seed) {
        Outcome outcome = chunked(input, mode, reads, seed, QuotedPrintableInputStream::new);
        return new Outcome(outcome.output(), bounded(outcome.warnings()), outcome.exception(), outcome.afterEnd());
    }

    /**
     * Decodes {@code input} with the underlying stream handing out random pieces (all at once, single bytes, up to 3,
     * up to 100, or any length, and now and then 0 bytes) and the caller reading with the sizes and offsets of
     * {@code reads}, all drawn from {@code seed}.
     */
    static Outcome chunked(byte[] input, Mode mode, Reads reads, long seed,
                           BiFunction<InputStream, DecodeMonitor, InputStream> decoder) {
        Random random = new Random(seed);
        Recorder monitor = new Recorder(mode);
        InputStream in = decoder.apply(new ChoppyInput(input, new Random(seed ^ 0x5DEECE66DL)), monitor);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String exception = null;
        String afterEnd = "";
        try {
            byte[] buffer = new byte[0];
            while (true) {
                int length = switch (reads) {
                    case SINGLE -> 0;
                    case TINY -> 1 + random.nextInt(4);
                    case SMALL -> 1 + random.nextInt(100);
                    case LARGE -> 1 + random.nextInt(70_000);
                    case MIXED -> random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 8 : 5000);
                };
                if (length == 0) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    out.write(b);
                    continue;
                }
                int offset = random.nextInt(4);
                if (buffer.length < offset + length) {
                    buffer = new byte[offset + length];
                }
                int n = in.read(buffer, offset, length);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    throw new AssertionError("a read of " + length + " bytes returned 0");
                }
                out.write(buffer, offset, n);
            }
            afterEnd = "after end " + in.read();
            in.close();
        } catch (IOException e) {
            exception = e.getMessage();
        }
        return new Outcome(HexFormat.of().formatHex(out.toByteArray()), monitor.warnings, exception, afterEnd);
    }

    /**
     * Null when {@code actual} (a chunked decode) is what the whole-body read gives; otherwise the difference. In
     * strict mode the whole-body read throws before returning anything, while a chunked reader has received the bytes
     * decoded before the problem: there, the same warnings and exception, and output that is a prefix of the lenient
     * whole-body output.
     */
    static String difference(byte[] input, Mode mode, Outcome actual) {
        Outcome expected = mime4jWhole(input, mode);
        if (mode == Mode.LENIENT || expected.exception() == null) {
            return expected.equals(actual) ? null : "expected " + expected + "\nactual   " + actual;
        }
        Outcome lenient = mime4jWhole(input, Mode.LENIENT);
        boolean same = expected.warnings().equals(actual.warnings())
                && expected.exception().equals(actual.exception())
                && lenient.output().startsWith(actual.output()) && actual.output().length() % 2 == 0;
        return same ? null : "expected " + expected + " (lenient output " + lenient.output() + ")\nactual   " + actual;
    }

    /** mime4j's decoder with a buffer larger than the body, so that its look-ahead always sees the real next bytes. */
    private static final class WholeBuffer extends QuotedPrintableInputStream {
        WholeBuffer(byte[] input, DecodeMonitor monitor) {
            super(Math.max(4000, input.length + 16), new ByteArrayInputStream(input), monitor);
        }
    }

    private static final class Recorder extends DecodeMonitor {
        private final List<String> warnings = new ArrayList<>();
        private final boolean strict;

        Recorder(Mode mode) {
            this.strict = mode == Mode.STRICT;
        }

        @Override
        public boolean warn(String message, String dropDesc) {
            warnings.add(message + " / " + dropDesc);
            return strict;
        }

        @Override
        public boolean isListening() {
            return true;
        }
    }

    /** An underlying stream that hands out its bytes in random pieces, sometimes none. */
    static final class ChoppyInput extends InputStream {
        private final byte[] data;
        private final Random random;
        private final int style;
        private int position;

        ChoppyInput(byte[] data, Random random) {
            this.data = data;
            this.random = random;
            this.style = random.nextInt(5);
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= data.length) {
                return -1;
            }
            if (len == 0 || random.nextInt(20) == 0) {
                return 0;
            }
            int piece = switch (style) {
                case 0 -> len;
                case 1 -> 1;
                case 2 -> 1 + random.nextInt(3);
                case 3 -> 1 + random.nextInt(100);
                default -> 1 + random.nextInt(len);
            };
            int n = Math.min(Math.min(len, piece), data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }
}
