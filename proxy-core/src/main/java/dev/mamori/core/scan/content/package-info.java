/**
 * Taking a message apart into {@link dev.mamori.core.scan.content.ContentItem}s for the engines.
 *
 * <p>{@link dev.mamori.core.scan.content.MessageWalker} streams a message through mime4j (lenient, never a DOM),
 * decodes each leaf, recurses into attached messages, uuencoded blocks and archives (Commons Compress), and hands
 * every item to a {@link dev.mamori.core.scan.content.ContentVisitor} as soon as its bytes are complete, so memory
 * stays bounded by the nesting depth rather than the message size. Every problem is a
 * {@link dev.mamori.core.scan.content.Finding}; a broken {@link dev.mamori.core.scan.content.ScanLimits limit} ends
 * the walk with an explicit "limit exceeded" result, never a silent pass.
 *
 * <p>Base64 bodies are decoded by {@link dev.mamori.core.scan.content.LenientBase64InputStream}, a block decoder
 * with exactly mime4j's output and problem reports; quoted-printable bodies by
 * {@link dev.mamori.core.scan.content.LenientQuotedPrintableInputStream}, with mime4j's output for the whole body
 * whatever the pieces it arrives in (mime4j's own decoder depends on them).
 *
 * <p>{@link dev.mamori.core.scan.content.FileTypeDetector} names what an item really is from its first and last
 * bytes, whatever its declared name says.
 */
package dev.mamori.core.scan.content;
