package dev.mamori.core.scan.content;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where decoded items are kept while they are scanned and expanded: on the heap up to {@code memoryThreshold} bytes
 * each, beyond that in a temp file (owner-only permissions) under {@code directory}, deleted when the item's subtree
 * has been walked. Heap use of a walk is bounded by depth × threshold; disk use by {@link ScanLimits#maxTotalSize()}.
 */
public record ItemStorage(Path directory, int memoryThreshold) {
    public static final int DEFAULT_MEMORY_THRESHOLD = 1024 * 1024;

    public ItemStorage {
        Objects.requireNonNull(directory, "directory");
        if (memoryThreshold < FileTypeDetector.HEAD_SIZE) {
            throw new IllegalArgumentException("memoryThreshold must be at least " + FileTypeDetector.HEAD_SIZE);
        }
    }

    public ItemStorage(Path directory) {
        this(directory, DEFAULT_MEMORY_THRESHOLD);
    }

    ItemBuffer newBuffer() {
        return new ItemBuffer(this);
    }
}
