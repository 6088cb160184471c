package dev.mamori.core.scan.sig;

import java.util.List;

/**
 * A parsed hex signature: parts separated by unbounded gaps ({@code *} and {@code {n-}}). Each part has a bounded
 * span, so it can be verified in a bounded window around an anchor; the unbounded gaps are bridged by per-scan state.
 *
 * @param parts         at least one part, each a non-empty element list that starts and ends with a byte-consuming
 *                      element
 * @param minGapsBefore {@code minGapsBefore.get(i)} is the least number of bytes between the end of part {@code i-1}
 *                      and the start of part {@code i}; entry 0 is always 0
 */
record BodyPattern(List<List<PatternElement>> parts, List<Integer> minGapsBefore) {
    BodyPattern {
        parts = parts.stream().map(List::copyOf).toList();
        minGapsBefore = List.copyOf(minGapsBefore);
        if (parts.isEmpty() || parts.size() != minGapsBefore.size()) {
            throw new IllegalArgumentException("parts and gaps differ in number");
        }
    }
}
