package dev.mamori.core.scan.sig;

import java.util.List;

/**
 * What a part requires of the 8 bytes just before and just after its anchor, as masked little-endian longs, so that an
 * index can drop an anchor hit with two loads before it becomes a candidate. In executables an 8-byte anchor cut from
 * common code (function epilogues, alignment padding, unwind tables) occurs thousands of times per MiB; the bytes
 * around it almost never match as well, and checking them here is far cheaper than sorting and verifying each hit.
 *
 * <p>Only bytes at a fixed distance from the anchor are constrained: byte classes (under their masks), the bits all
 * options of a fixed-width alternative share, nothing inside a fixed gap, and nothing from the first variable-width
 * element on. A guard is therefore a necessary condition of the part matching there, never a sufficient one; hits
 * that pass are verified in full as before. Where the 8 bytes are not in the window (the stream's first bytes, its
 * last bytes) the check is skipped, which keeps the result exact.
 *
 * <p>The four values of a part are stored flat, as {@code [leftValue, leftMask, rightValue, rightMask]}.
 */
final class AnchorGuard {
    static final int LONGS = 4;
    private static final int WIDTH = 8;

    private AnchorGuard() {
    }

    /** The guard of a part whose anchor is {@code length} exact bytes from element {@code anchorElement}. */
    static long[] of(List<PatternElement> part, int anchorElement, int length) {
        long[] guard = new long[LONGS];
        // left: the element just before the anchor is the byte just before it, lane 7 of the long read at start - 8
        int lane = WIDTH - 1;
        for (int e = anchorElement - 1; e >= 0 && lane >= 0; e--) {
            PatternElement element = part.get(e);
            if (element.minWidth() != element.maxWidth()) {
                break;
            }
            int width = element.minWidth();
            if (!(element instanceof PatternElement.Gap)) {
                for (int k = 0; k < width; k++) {
                    // byte k of the element sits width - 1 - k lanes left of its last byte
                    set(guard, 0, lane - (width - 1 - k), element, k);
                }
            }
            lane -= width;
        }
        lane = 0;
        for (int e = anchorElement + length; e < part.size() && lane < WIDTH; e++) {
            PatternElement element = part.get(e);
            if (element.minWidth() != element.maxWidth()) {
                break;
            }
            int width = element.minWidth();
            if (!(element instanceof PatternElement.Gap)) {
                for (int k = 0; k < width; k++) {
                    set(guard, 2, lane + k, element, k);
                }
            }
            lane += width;
        }
        return guard;
    }

    /** Constrains lane {@code lane} (if it is one of the 8) with byte {@code k} of a fixed-width element. */
    private static void set(long[] guard, int at, int lane, PatternElement element, int k) {
        if (lane < 0 || lane >= WIDTH) {
            return;
        }
        int value;
        int mask;
        switch (element) {
            case PatternElement.ByteClass c -> {
                value = c.value();
                mask = c.mask();
            }
            case PatternElement.Alternatives alt -> {
                // the bits every option has in common at this byte
                int first = alt.options()[0][k] & 0xFF;
                mask = 0xFF;
                for (byte[] option : alt.options()) {
                    mask &= ~(first ^ (option[k] & 0xFF));
                }
                value = first & mask;
            }
            case PatternElement.Gap ignored -> {
                return;
            }
        }
        guard[at] |= (long) value << (8 * lane);
        guard[at + 1] |= (long) mask << (8 * lane);
    }

    /**
     * Whether the bytes around an anchor hit at {@code start} (of {@code anchorLength} bytes) can belong to the part
     * whose guard is at {@code guards[g, g + 4)}; {@code true} where the bytes are outside {@code buf[0, limit)}.
     */
    static boolean passes(byte[] buf, int limit, int start, int anchorLength, long[] guards, int g) {
        long leftMask = guards[g + 1];
        if (leftMask != 0 && start >= WIDTH && (ByteArrays.longAt(buf, start - WIDTH) & leftMask) != guards[g]) {
            return false;
        }
        long rightMask = guards[g + 3];
        int after = start + anchorLength;
        return rightMask == 0 || after + WIDTH > limit
                || (ByteArrays.longAt(buf, after) & rightMask) == guards[g + 2];
    }
}
