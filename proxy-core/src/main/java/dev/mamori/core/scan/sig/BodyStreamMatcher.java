package dev.mamori.core.scan.sig;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Finds the body signatures of one item as its bytes stream in. Bytes are copied into a window that keeps
 * {@link BodyIndex#maxLeft()} bytes behind the next anchor position to examine, and anchors are only examined once
 * {@link BodyIndex#maxRight()} bytes after them have arrived, so every part around an anchor is verified in one go,
 * whatever the chunking. Anchor hits of each block are verified in stream order, which is what makes the chaining of
 * parts across unbounded gaps exact (see {@link #verify}).
 *
 * <p>One per scanned item; not thread-safe.
 */
final class BodyStreamMatcher {
    private static final int MIN_CAPACITY = 32 * 1024;

    private final BodyIndex index;
    private final SignatureTarget itemType;
    private final int lookahead;
    private final CandidateBuffer candidates = new CandidateBuffer();
    private final SideMatcher sides = new SideMatcher();
    private final PartProgress progress = new PartProgress();
    private byte[] buf;
    private int len;
    /** Stream offset of {@code buf[0]}. */
    private long base;
    /** Stream offset of the next anchor position to examine. */
    private long next;

    BodyStreamMatcher(BodyIndex index, SignatureTarget itemType) {
        this.index = index;
        this.itemType = itemType;
        this.lookahead = Math.max(index.maxRight(), LongAnchorIndex.ANCHOR_LENGTH + LongAnchorIndex.STRIDE);
        this.buf = new byte[MIN_CAPACITY];
    }

    void update(byte[] b, int off, int n) {
        while (n > 0) {
            int k = makeRoom(n);
            System.arraycopy(b, off, buf, len, k);
            len += k;
            off += k;
            n -= k;
            examine(false);
        }
    }

    void update(ByteBuffer src) {
        while (src.hasRemaining()) {
            int k = makeRoom(src.remaining());
            src.get(buf, len, k);
            len += k;
            examine(false);
        }
    }

    /** Examines the remaining positions (the stream has ended) and adds each matched signature's earliest end. */
    void finish(Map<String, Long> endsByName) {
        examine(true);
        progress.forEach((part, end) -> {
            CompiledPart p = index.part(part);
            if (p.last()) {
                endsByName.merge(index.name(p.signature()), end, Math::min);
            }
        });
    }

    /** Frees space at the end of the window, dropping bytes no anchor can reach any more; returns how many fit. */
    private int makeRoom(int wanted) {
        if (buf.length - len < Math.min(wanted, buf.length / 4)) {
            int keepFrom = (int) (Math.max(base, next - index.maxLeft()) - base);
            if (keepFrom > 0) {
                System.arraycopy(buf, keepFrom, buf, 0, len - keepFrom);
                len -= keepFrom;
                base += keepFrom;
            }
            if (buf.length - len < buf.length / 4 || buf.length - len < Math.min(wanted, MIN_CAPACITY)) {
                byte[] bigger = new byte[buf.length * 2];
                System.arraycopy(buf, 0, bigger, 0, len);
                buf = bigger;
            }
        }
        return Math.min(wanted, buf.length - len);
    }

    private void examine(boolean end) {
        long until = end ? base + len : base + len - lookahead;
        if (until <= next) {
            return;
        }
        int from = (int) (next - base);
        int to = (int) (until - base);
        candidates.clear();
        if (!index.longAnchors().isEmpty()) {
            index.longAnchors().find(buf, len, base, from, to, candidates);
        }
        if (!index.shortAnchors().isEmpty()) {
            index.shortAnchors().find(buf, len, base, from, to, candidates);
        }
        if (!index.slowPath().isEmpty()) {
            index.slowPath().find(buf, base, from, to, candidates);
        }
        next = until;
        if (candidates.size() == 0) {
            return;
        }
        candidates.sort();
        for (int i = 0; i < candidates.size(); i++) {
            verify(candidates.position(i), candidates.part(i));
        }
    }

    /**
     * Verifies one anchor hit and records the part's earliest end. A part after an unbounded gap counts only if it
     * starts at least {@code minGapBefore} bytes after the earliest end of the previous part. Because hits arrive in
     * stream order and a previous part that could enable this hit must end before it starts (so its anchor lies
     * earlier), keeping only the earliest end per part loses no match: this finds the earliest end of any full match.
     */
    private void verify(long anchorAt, int partId) {
        CompiledPart part = index.part(partId);
        if (!part.target().appliesTo(itemType)) {
            return;
        }
        long lo;
        long hi;
        if (part.number() == 0) {
            lo = part.minStart();
            hi = part.maxStart();
        } else {
            long previousEnd = progress.get(partId - 1);
            if (previousEnd == PartProgress.NONE) {
                return;
            }
            lo = previousEnd + part.minGapBefore();
            hi = Long.MAX_VALUE;
        }
        if (anchorAt - part.minLeft() < lo || anchorAt - part.maxLeft() > hi) {
            return;
        }
        long known = progress.get(partId);
        if (known != PartProgress.NONE && anchorAt + part.minRight() >= known) {
            return;
        }
        int at = (int) (anchorAt - base);
        int minStart = (int) Math.max(0, lo - base);
        int maxStart = (int) Math.min(at, hi - base);
        if (sides.backward(buf, at, minStart, maxStart, part.left()) == SideMatcher.NO_MATCH) {
            return;
        }
        int afterAnchor = at + part.anchorLength();
        int consumed = sides.forward(buf, afterAnchor, len, part.right());
        if (consumed == SideMatcher.NO_MATCH) {
            return;
        }
        progress.offer(partId, base + afterAnchor + consumed);
    }
}
