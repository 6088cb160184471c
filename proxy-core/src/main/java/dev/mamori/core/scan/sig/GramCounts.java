package dev.mamori.core.scan.sig;

import java.util.List;

/**
 * How often each 2- and 4-gram occurs in the exact bytes of a whole signature database, used by
 * {@link AnchorSelector} as evidence of what is common in scanned data. Signatures are cut from real files, so byte
 * strings that many signatures share (x86 function epilogues, alignment padding, unwind-table opcodes, string-table
 * fragments) are the ones that fill real executables too, while the byte-frequency model, which scores bytes one by
 * one, calls them as rare as any other binary bytes. An anchor taken from such a string fires thousands of times per
 * MiB of executable input; one taken from the signature's distinctive bytes almost never does.
 *
 * <p>Counts are kept in a hashed array sized to the database (collisions only ever overcount, which costs at most a
 * slightly worse anchor, never a wrong result). Built once per engine build, then read-only; discarded after the build.
 */
final class GramCounts {
    private static final int MULTIPLIER = 0x9E3779B1;
    private static final int MAX_BITS = 22;

    /** Saturating counts (a char is plenty: beyond a few the share is large either way). */
    private final char[] counts2;
    private final char[] counts4;
    private final int shift;
    private final long total;

    GramCounts(List<List<PatternElement>> parts) {
        long grams = 0;
        for (List<PatternElement> part : parts) {
            grams += part.size();
        }
        int bits = Math.clamp(64 - Long.numberOfLeadingZeros(Math.max(grams, 1) * 4 - 1), 10, MAX_BITS);
        counts2 = new char[1 << bits];
        counts4 = new char[1 << bits];
        shift = 32 - bits;
        long seen = 0;
        for (List<PatternElement> part : parts) {
            int run = 0;
            int window = 0;
            for (PatternElement element : part) {
                if (element instanceof PatternElement.ByteClass c && c.isExact()) {
                    // bytes enter at the top, so after 4 exact bytes `window` is the little-endian 4-gram
                    window = window >>> 8 | c.value() << 24;
                    run++;
                    if (run >= ShortAnchorIndex.GRAM) {
                        increment(counts2, slot(window >>> 16));
                        seen++;
                    }
                    if (run >= LongAnchorIndex.GRAM) {
                        increment(counts4, slot(window));
                    }
                } else {
                    run = 0;
                }
            }
        }
        total = Math.max(seen, 1);
    }

    private static void increment(char[] counts, int slot) {
        if (counts[slot] != Character.MAX_VALUE) {
            counts[slot]++;
        }
    }

    private int slot(int gram) {
        return (gram * MULTIPLIER) >>> shift;
    }

    /**
     * The share of the database's q-grams that equal the 4-gram at {@code bytes[at]} beyond its first two
     * occurrences: an estimate of how likely it is at a random position of the content signatures are cut from. 0 for
     * a 4-gram at most two places have, which is no evidence either way (and keeps a hash collision from counting).
     */
    double share4(byte[] bytes, int at) {
        return Math.max(0, counts4[slot(LongAnchorIndex.gram(bytes, at))] - 2) / (double) total;
    }

    /** As {@link #share4} for the 2-gram at {@code bytes[at]}. */
    double share2(byte[] bytes, int at) {
        return Math.max(0, counts2[slot(ShortAnchorIndex.gram(bytes, at))] - 2) / (double) total;
    }
}
