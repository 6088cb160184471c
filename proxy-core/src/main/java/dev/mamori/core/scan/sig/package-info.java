/**
 * The signature engine: ClamAV-compatible body ({@code .ndb}) and hash ({@code .hdb}/{@code .hsb}) signatures and
 * the built-in EICAR test signature, matched in one streaming pass per item.
 *
 * <p>Public API: {@link dev.mamori.core.scan.sig.SignatureEngine} (load, immutable, shared),
 * {@link dev.mamori.core.scan.sig.SignatureScanner} (one per item), {@link dev.mamori.core.scan.sig.SignatureMatch},
 * {@link dev.mamori.core.scan.sig.SignatureTarget}, {@link dev.mamori.core.scan.sig.SignatureFormatException},
 * {@link dev.mamori.core.scan.sig.SignatureEngineStats}.
 *
 * <p>How body matching works: every signature part (the bytes between {@code *} gaps) gets an anchor, its rarest
 * exact byte string by a model of mail content and by how many signatures of the database share its q-grams
 * ({@code GramCounts}). Anchors of 8 bytes go to a sampled 4-gram index that reads one 4-gram every 5 bytes
 * ({@code LongAnchorIndex}); 3-7-byte ones to a sampled 2-gram index ({@code ShortAnchorIndex}); parts with no 3 exact
 * bytes to a counted slow path. An anchor hit must also fit the 8 bytes on each side that the part fixes
 * ({@code AnchorGuard}) before it becomes a candidate; candidates are verified exactly around the anchor
 * ({@code SideMatcher}), and parts are chained across unbounded gaps per scan.
 */
package dev.mamori.core.scan.sig;
