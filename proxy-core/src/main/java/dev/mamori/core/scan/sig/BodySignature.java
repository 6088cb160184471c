package dev.mamori.core.scan.sig;

import java.util.Objects;

/** One parsed {@code .ndb} signature (or the built-in EICAR one). */
record BodySignature(String name, SignatureTarget target, OffsetRange offset, BodyPattern pattern) {
    BodySignature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(pattern, "pattern");
    }
}
