package dev.mamori.core.scan.sig;

import java.util.Objects;

/**
 * One signature found in one item.
 *
 * @param name      the signature's name, as in the database ({@code Eicar-Test-Signature} for the built-in one)
 * @param kind      whether a body pattern or a whole-item hash matched
 * @param endOffset for a body signature, the offset just past the last byte of its earliest-ending match (the
 *                  point in the stream at which the item became known as infected); for a hash signature, the item
 *                  size
 */
public record SignatureMatch(String name, Kind kind, long endOffset) {
    public enum Kind { BODY, HASH }

    public SignatureMatch {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
