package dev.mamori.core.scan.sig;

/**
 * One part of a body signature (the bytes between unbounded gaps), split around its anchor: the anchor's bytes are
 * found by an index, {@link #left} and {@link #right} are verified around it by {@link SideMatcher}.
 *
 * <p>Spans are in bytes. {@code minLeft..maxLeft} is the distance from the part's start to the anchor's start;
 * {@code minRight..maxRight} from the anchor's start to the part's end (the anchor included).
 */
record CompiledPart(
        int signature,
        int number,
        boolean last,
        int minGapBefore,
        SignatureTarget target,
        long minStart,
        long maxStart,
        Step[] left,
        int anchorLength,
        Step[] right,
        int minLeft,
        int maxLeft,
        int minRight,
        int maxRight) {

    static int minWidth(Step[] steps) {
        int sum = 0;
        for (Step s : steps) {
            sum += s.minWidth();
        }
        return sum;
    }

    static int maxWidth(Step[] steps) {
        int sum = 0;
        for (Step s : steps) {
            sum += s.maxWidth();
        }
        return sum;
    }
}
