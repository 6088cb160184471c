package dev.mamori.core.scan.sig;

import java.util.ArrayList;
import java.util.List;

/**
 * All body signatures of an engine, compiled: each part anchored by {@link AnchorSelector} into one of the three
 * indexes, with its sides compiled for verification. Parts of one signature have consecutive ids, so the part before
 * {@code p} in its signature is {@code p - 1}.
 *
 * <p>Immutable and thread-safe.
 */
final class BodyIndex {
    private final CompiledPart[] parts;
    private final String[] names;
    private final LongAnchorIndex longAnchors;
    private final ShortAnchorIndex shortAnchors;
    private final SlowPathIndex slowPath;
    private final int maxLeft;
    private final int maxRight;
    private final int slowSignatures;
    private final int shortSignatures;

    private BodyIndex(List<BodySignature> signatures) {
        List<List<PatternElement>> allParts = new ArrayList<>();
        for (BodySignature sig : signatures) {
            allParts.addAll(sig.pattern().parts());
        }
        AnchorSelector selector = new AnchorSelector(new GramCounts(allParts));
        LongAnchorIndex.Builder longs = new LongAnchorIndex.Builder();
        ShortAnchorIndex.Builder shorts = new ShortAnchorIndex.Builder(selector::gram2);
        SlowPathIndex.Builder slow = new SlowPathIndex.Builder();
        List<CompiledPart> compiled = new ArrayList<>();
        names = new String[signatures.size()];
        int left = 0;
        int right = 0;
        int slowCount = 0;
        int shortCount = 0;
        for (int s = 0; s < signatures.size(); s++) {
            BodySignature sig = signatures.get(s);
            names[s] = sig.name();
            boolean anySlow = false;
            boolean anyShort = false;
            List<List<PatternElement>> partElements = sig.pattern().parts();
            for (int n = 0; n < partElements.size(); n++) {
                List<PatternElement> elements = partElements.get(n);
                Anchor anchor = selector.select(elements);
                int id = compiled.size();
                if (id >= CandidateBuffer.MAX_PARTS) {
                    throw new IllegalArgumentException("more than " + CandidateBuffer.MAX_PARTS
                            + " body signature parts");
                }
                switch (anchor.tier()) {
                    case LONG -> longs.add(anchor.bytes(), id,
                            AnchorGuard.of(elements, anchor.element(), anchor.length()));
                    case SHORT -> shorts.add(anchor.bytes(), id,
                            AnchorGuard.of(elements, anchor.element(), anchor.length()));
                    case SLOW -> slow.add(anchor.firstBytes(), id);
                }
                anySlow |= anchor.tier() == Anchor.Tier.SLOW;
                anyShort |= anchor.tier() == Anchor.Tier.SHORT;
                CompiledPart part = compile(s, n, n == partElements.size() - 1,
                        sig.pattern().minGapsBefore().get(n), sig, elements, anchor);
                compiled.add(part);
                left = Math.max(left, part.maxLeft());
                right = Math.max(right, part.maxRight());
            }
            slowCount += anySlow ? 1 : 0;
            shortCount += anyShort && !anySlow ? 1 : 0;
        }
        parts = compiled.toArray(CompiledPart[]::new);
        longAnchors = longs.build();
        shortAnchors = shorts.build();
        slowPath = slow.build();
        maxLeft = left;
        maxRight = right;
        slowSignatures = slowCount;
        shortSignatures = shortCount;
    }

    static BodyIndex compile(List<BodySignature> signatures) {
        return new BodyIndex(signatures);
    }

    private static CompiledPart compile(int signature, int number, boolean last, int gapBefore, BodySignature sig,
                                        List<PatternElement> elements, Anchor anchor) {
        Step[] left = Step.compile(elements.subList(0, anchor.element()));
        reverse(left);
        Step[] right = Step.compile(elements.subList(anchor.element() + anchor.length(), elements.size()));
        long minStart = number == 0 ? sig.offset().minStart() : 0;
        long maxStart = number == 0 ? sig.offset().maxStart() : Long.MAX_VALUE;
        return new CompiledPart(signature, number, last, gapBefore, sig.target(), minStart, maxStart,
                left, anchor.length(), right,
                CompiledPart.minWidth(left), CompiledPart.maxWidth(left),
                anchor.length() + CompiledPart.minWidth(right), anchor.length() + CompiledPart.maxWidth(right));
    }

    private static void reverse(Step[] steps) {
        for (int i = 0, j = steps.length - 1; i < j; i++, j--) {
            Step t = steps[i];
            steps[i] = steps[j];
            steps[j] = t;
        }
    }

    CompiledPart part(int id) {
        return parts[id];
    }

    String name(int signature) {
        return names[signature];
    }

    int signatureCount() {
        return names.length;
    }

    int partCount() {
        return parts.length;
    }

    LongAnchorIndex longAnchors() {
        return longAnchors;
    }

    ShortAnchorIndex shortAnchors() {
        return shortAnchors;
    }

    SlowPathIndex slowPath() {
        return slowPath;
    }

    /** The most bytes any part reaches before its anchor: the tail a scanner keeps from earlier chunks. */
    int maxLeft() {
        return maxLeft;
    }

    /** The most bytes any part reaches from its anchor's start to its end: how far a scanner lags behind input. */
    int maxRight() {
        return maxRight;
    }

    int slowSignatures() {
        return slowSignatures;
    }

    int shortSignatures() {
        return shortSignatures;
    }

    /** Index arrays plus an estimate for the compiled parts (object headers, step arrays, pattern bytes). */
    long memoryBytes() {
        long sum = longAnchors.memoryBytes() + shortAnchors.memoryBytes() + slowPath.memoryBytes();
        for (CompiledPart p : parts) {
            sum += 88 + stepBytes(p.left()) + stepBytes(p.right());
        }
        return sum + 4L * names.length;
    }

    private static long stepBytes(Step[] steps) {
        long sum = 16 + 4L * steps.length;
        for (Step s : steps) {
            sum += switch (s) {
                case Step.Run r -> 24 + (r.exact() ? 1 : 2) * (16L + r.values().length);
                case Step.Choice c -> 24 + 16 + 20L * c.options().length;
                case Step.Skip ignored -> 16;
            };
        }
        return sum;
    }
}
