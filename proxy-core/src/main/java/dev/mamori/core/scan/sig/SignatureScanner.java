package dev.mamori.core.scan.sig;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scans one item as it streams: any number of {@code update} calls with consecutive chunks, then {@link #finish()}.
 * Matches that span chunk boundaries are found; the chunking never changes the result. Obtained from
 * {@link SignatureEngine#newScanner}; one per item, used by one thread at a time.
 */
public final class SignatureScanner {
    private final BodyStreamMatcher body;
    private final HashStreamState hashes;
    private boolean finished;

    SignatureScanner(BodyStreamMatcher body, HashStreamState hashes) {
        this.body = body;
        this.hashes = hashes;
    }

    public void update(byte[] bytes) {
        update(bytes, 0, bytes.length);
    }

    public void update(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        checkOpen();
        if (!hashes.isIdle()) {
            hashes.update(bytes, offset, length);
        }
        body.update(bytes, offset, length);
    }

    /** Consumes the buffer's remaining bytes (its position moves to its limit). */
    public void update(ByteBuffer bytes) {
        checkOpen();
        if (!hashes.isIdle()) {
            hashes.update(bytes.duplicate());
        }
        body.update(bytes);
    }

    /**
     * Ends the item and returns what matched: each signature name once, body matches with the end of their
     * earliest-ending match, hash matches with the item size; ordered by that offset, then name.
     */
    public List<SignatureMatch> finish() {
        checkOpen();
        finished = true;
        Map<String, Long> bodyEnds = new HashMap<>();
        body.finish(bodyEnds);
        Map<String, Long> hashSizes = new HashMap<>();
        hashes.finish(hashSizes);
        List<SignatureMatch> matches = new ArrayList<>(bodyEnds.size() + hashSizes.size());
        bodyEnds.forEach((name, end) -> matches.add(new SignatureMatch(name, SignatureMatch.Kind.BODY, end)));
        hashSizes.forEach((name, size) -> matches.add(new SignatureMatch(name, SignatureMatch.Kind.HASH, size)));
        matches.sort(Comparator.comparingLong(SignatureMatch::endOffset).thenComparing(SignatureMatch::name)
                .thenComparing(SignatureMatch::kind));
        return List.copyOf(matches);
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the scanner has finished; use a new one for the next item");
        }
    }
}
