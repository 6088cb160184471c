/**
 * The optional clamd engine: items go to a ClamAV daemon over its INSTREAM protocol (TCP or a Unix domain socket),
 * clamd's findings come back as {@link dev.mamori.core.scan.engine.Detection}s of category {@code VIRUS}.
 *
 * <p>{@link dev.mamori.core.scan.clamd.ClamdClient} speaks the protocol (one fresh connection per command, a bounded
 * number in flight, connect and read timeouts); {@link dev.mamori.core.scan.clamd.ClamdEngine} decides which
 * {@link dev.mamori.core.scan.content.ContentItem}s to send ({@link dev.mamori.core.scan.clamd.ClamdItemSelection})
 * and turns replies into detections or failures. Every call blocks: run it on the scan executor, never on an event
 * loop. A clamd that cannot answer is an {@link java.io.IOException} (a scanner error for policy), never a pass.
 */
package dev.mamori.core.scan.clamd;
