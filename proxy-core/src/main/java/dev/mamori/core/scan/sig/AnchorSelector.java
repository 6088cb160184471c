package dev.mamori.core.scan.sig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks each part's anchor: the fixed byte string whose q-grams the index will see least often. Rarity comes from
 * {@link ByteFrequencyModel} plus, per q-gram, its share of the whole database ({@link GramCounts}): q-grams that many
 * signatures contain are common in the files they were cut from, which the byte-by-byte model cannot see. Q-grams
 * already used by earlier anchors cost more, so signatures sharing a long prefix (families, packers) spread over
 * different anchors instead of piling onto one bucket that fires for all of them.
 * Not thread-safe; one instance per engine build.
 */
final class AnchorSelector {
    static final int SHORT_MIN = 3;
    static final int SHORT_MAX = LongAnchorIndex.ANCHOR_LENGTH - 1;
    /** An anchor this unlikely per position fires too rarely to matter, whatever the alternatives. */
    private static final double RARE_ENOUGH = 1e-9;
    /** The model's weight of binary content, which is what signatures are cut from. */
    private static final double BINARY_SHARE = 0.5;

    private final Map<Integer, Integer> longGramUses = new HashMap<>();
    private final Map<Integer, Integer> shortGramUses = new HashMap<>();
    private final GramCounts database;
    /** For the part being selected: {@link #gram4} and {@link #gram2} at each element inside an exact run. */
    private double[] p4;
    private double[] p2;

    AnchorSelector(GramCounts database) {
        this.database = database;
    }

    Anchor select(List<PatternElement> part) {
        List<int[]> runs = exactRuns(part);
        byte[] bytes = exactBytes(part);
        // every window below reuses these, and the database counts are random reads in a large array
        p4 = new double[bytes.length];
        p2 = new double[bytes.length];
        for (int[] run : runs) {
            for (int s = run[0]; s + LongAnchorIndex.GRAM <= run[1]; s++) {
                p4[s] = gram4(bytes, s);
            }
            for (int s = run[0]; s + ShortAnchorIndex.GRAM <= run[1]; s++) {
                p2[s] = gram2(bytes, s);
            }
        }
        Anchor longAnchor = bestLong(runs, bytes);
        Anchor shortAnchor = bestShort(runs, bytes);
        if (longAnchor != null && (shortAnchor == null || prefersLong(longAnchor, shortAnchor))) {
            for (int j = 0; j <= LongAnchorIndex.ANCHOR_LENGTH - LongAnchorIndex.GRAM; j++) {
                longGramUses.merge(LongAnchorIndex.gram(longAnchor.bytes(), j), 1, Integer::sum);
            }
            return longAnchor;
        }
        if (shortAnchor != null) {
            shortGramUses.merge(ShortAnchorIndex.gram(shortAnchor.bytes(), 0), 1, Integer::sum);
            return shortAnchor;
        }
        return slowAnchor(part);
    }

    /**
     * The sampled long index is cheaper per byte, so it wins unless its q-grams are so common (padding, code idioms
     * the database is full of) that it would probe an order of magnitude more often per byte than the short anchor:
     * the long index samples one position in 5, where each of the anchor's 5 q-grams may hit.
     */
    private boolean prefersLong(Anchor longAnchor, Anchor shortAnchor) {
        double longProbes = 0;
        for (int j = 0; j <= LongAnchorIndex.ANCHOR_LENGTH - LongAnchorIndex.GRAM; j++) {
            longProbes += p4[longAnchor.element() + j];
        }
        longProbes /= LongAnchorIndex.STRIDE;
        return longProbes < RARE_ENOUGH || longProbes < 10 * shortProbes(shortAnchor.element(), shortAnchor.length());
    }

    /** The probability of the 4-gram at {@code bytes[at]}: the model's, plus its share of the database's binaries. */
    private double gram4(byte[] bytes, int at) {
        return ByteFrequencyModel.stringProbability(bytes, at, LongAnchorIndex.GRAM)
                + BINARY_SHARE * database.share4(bytes, at);
    }

    /** As {@link #gram4}, for the 2-gram at {@code bytes[at]}. */
    double gram2(byte[] bytes, int at) {
        return ByteFrequencyModel.stringProbability(bytes, at, ShortAnchorIndex.GRAM)
                + BINARY_SHARE * database.share2(bytes, at);
    }

    /**
     * Probes per byte of a short anchor at element {@code at}: the index samples its rarest consecutive 2-grams; at a
     * stride of 2, two of them.
     */
    private double shortProbes(int at, int length) {
        double best = Double.MAX_VALUE;
        for (int j = at; j + 1 <= at + length - ShortAnchorIndex.GRAM; j++) {
            best = Math.min(best, (p2[j] + p2[j + 1]) / 2);
        }
        return best;
    }

    private Anchor bestLong(List<int[]> runs, byte[] bytes) {
        Anchor best = null;
        double bestCost = Double.MAX_VALUE;
        int width = LongAnchorIndex.ANCHOR_LENGTH;
        for (int[] run : runs) {
            for (int s = run[0]; s + width <= run[1]; s++) {
                double cost = longCost(bytes, s);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = new Anchor(Anchor.Tier.LONG, s, width, Arrays.copyOfRange(bytes, s, s + width), null);
                }
            }
        }
        return best;
    }

    private Anchor bestShort(List<int[]> runs, byte[] bytes) {
        Anchor best = null;
        double bestCost = Double.MAX_VALUE;
        for (int[] run : runs) {
            for (int s = run[0]; s + SHORT_MIN <= run[1]; s++) {
                int len = Math.min(SHORT_MAX, run[1] - s);
                double cost = shortProbes(s, len)
                        * (1 + shortGramUses.getOrDefault(ShortAnchorIndex.gram(bytes, s), 0))
                        // of two equally rare keys, the longer anchor rejects more candidates before verification
                        * (1 + 0.1 * (SHORT_MAX - len));
                if (cost < bestCost) {
                    bestCost = cost;
                    best = new Anchor(Anchor.Tier.SHORT, s, len, Arrays.copyOfRange(bytes, s, s + len), null);
                }
            }
        }
        return best;
    }

    private double longCost(byte[] bytes, int start) {
        double cost = 0;
        for (int j = 0; j <= LongAnchorIndex.ANCHOR_LENGTH - LongAnchorIndex.GRAM; j++) {
            int uses = longGramUses.getOrDefault(LongAnchorIndex.gram(bytes, start + j), 0);
            // each sampled position that hits this q-gram probes the table and checks every anchor behind it
            cost += p4[start + j] * (1 + uses);
        }
        return cost;
    }

    private static Anchor slowAnchor(List<PatternElement> part) {
        Anchor best = null;
        double bestP = Double.MAX_VALUE;
        for (int e = 0; e < part.size(); e++) {
            boolean[] first = firstBytes(part.get(e));
            if (first == null) {
                continue;
            }
            double p = 0;
            for (int b = 0; b < 256; b++) {
                if (first[b]) {
                    p += ByteFrequencyModel.byteProbability(b);
                }
            }
            if (p < bestP) {
                bestP = p;
                best = new Anchor(Anchor.Tier.SLOW, e, 0, null, first);
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("a part without a byte-consuming element");
        }
        return best;
    }

    private static boolean[] firstBytes(PatternElement element) {
        boolean[] first = new boolean[256];
        switch (element) {
            case PatternElement.ByteClass c -> {
                for (int b = 0; b < 256; b++) {
                    first[b] = ((b & c.mask()) == c.value());
                }
            }
            case PatternElement.Alternatives alt -> {
                for (byte[] option : alt.options()) {
                    first[option[0] & 0xFF] = true;
                }
            }
            case PatternElement.Gap ignored -> {
                return null;
            }
        }
        return first;
    }

    /** Maximal runs of exact bytes, as {@code [startElement, endElement)}. */
    private static List<int[]> exactRuns(List<PatternElement> part) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= part.size(); i++) {
            boolean exact = i < part.size() && part.get(i) instanceof PatternElement.ByteClass c && c.isExact();
            if (exact && start < 0) {
                start = i;
            } else if (!exact && start >= 0) {
                runs.add(new int[] {start, i});
                start = -1;
            }
        }
        return runs;
    }

    /** The part's elements as bytes, by element index; only meaningful inside exact runs. */
    private static byte[] exactBytes(List<PatternElement> part) {
        byte[] bytes = new byte[part.size()];
        for (int i = 0; i < part.size(); i++) {
            if (part.get(i) instanceof PatternElement.ByteClass c) {
                bytes[i] = (byte) c.value();
            }
        }
        return bytes;
    }
}
