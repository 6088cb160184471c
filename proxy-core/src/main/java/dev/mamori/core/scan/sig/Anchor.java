package dev.mamori.core.scan.sig;

/**
 * Where a part is anchored, and which index finds it.
 *
 * @param tier       the index
 * @param element    index of the anchor's first element in the part
 * @param length     anchor length in bytes (= elements, all exact bytes); 0 for {@link Tier#SLOW}, whose anchor is
 *                   the single element {@code element}, checked by first byte only and verified as part of the right
 *                   side
 * @param bytes      the anchor's bytes ({@link Tier#LONG}, {@link Tier#SHORT})
 * @param firstBytes for {@link Tier#SLOW}: the bytes the anchor element can start with
 */
record Anchor(Tier tier, int element, int length, byte[] bytes, boolean[] firstBytes) {
    enum Tier {
        /** At least {@link LongAnchorIndex#ANCHOR_LENGTH} exact bytes: sampled q-gram index, the fast path. */
        LONG,
        /** 3 to 7 exact bytes: sampled 2-grams, at a stride set by the shortest such anchor. */
        SHORT,
        /** Fewer than 3 exact bytes in a row: candidates at every position whose byte fits; counted and reported. */
        SLOW
    }
}
