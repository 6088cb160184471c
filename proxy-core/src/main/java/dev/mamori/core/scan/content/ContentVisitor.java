package dev.mamori.core.scan.content;

import java.io.IOException;

/**
 * Receives each item as soon as its bytes are complete: the message first, then its parts, each container before its
 * members. The item's bytes are readable only during the call (they are deleted once its subtree is walked); the time
 * spent here counts against {@link ScanLimits#maxScanTime()}. An exception thrown here ends the walk and propagates.
 */
@FunctionalInterface
public interface ContentVisitor {
    void item(ContentItem item) throws IOException;
}
