package dev.mamori.core.scan.content;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing the engines scan: the whole message, a decoded MIME leaf, a uudecoded block or an archive member.
 * Bytes are decoded (no transfer encoding, no compression) and readable only during
 * {@link ContentVisitor#item(ContentItem)}.
 */
public final class ContentItem {
    private static final int CHUNK = 64 * 1024;

    private final ContentPath path;
    private final String declaredName;
    private final String declaredMimeType;
    private final FileType detectedType;
    private final ContentBytes bytes;

    ContentItem(ContentPath path, String declaredName, String declaredMimeType, FileType detectedType,
                ContentBytes bytes) {
        this.path = Objects.requireNonNull(path, "path");
        this.declaredName = declaredName;
        this.declaredMimeType = declaredMimeType;
        this.detectedType = Objects.requireNonNull(detectedType, "detectedType");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    public ContentPath path() {
        return path;
    }

    /** 0 for the message, 1 for its parts, one more per container (attached message, archive, compressed stream). */
    public int depth() {
        return path.depth();
    }

    /** The file name the sender gave: RFC 2047/2231-decoded MIME name, uuencode name, or archive entry name. */
    public Optional<String> declaredName() {
        return Optional.ofNullable(declaredName);
    }

    /** The MIME type from Content-Type, lower case, for MIME parts; empty for archive members. */
    public Optional<String> declaredMimeType() {
        return Optional.ofNullable(declaredMimeType);
    }

    public FileType detectedType() {
        return detectedType;
    }

    /** Decoded size in bytes. */
    public long size() {
        return bytes.size();
    }

    /** A fresh stream over the decoded bytes; the caller closes it. */
    public InputStream open() throws IOException {
        return bytes.open();
    }

    /**
     * Up to {@code max} decoded bytes from {@code offset}, fewer at the end: random access for formats whose directory
     * sits elsewhere than at the start (a zip's central directory, an OLE2 file's FAT and directory sectors).
     */
    public byte[] read(long offset, int max) throws IOException {
        if (offset < 0 || max < 0) {
            throw new IllegalArgumentException("offset and max must not be negative");
        }
        return offset >= bytes.size() ? new byte[0] : bytes.read(offset, max);
    }

    /** Feeds the decoded bytes to {@code consumer} in order, in chunks of up to 64 KiB. */
    public void forEachChunk(ChunkConsumer consumer) throws IOException {
        // most items are far smaller than a chunk: a 64 KiB array for each would be most of the scan's garbage
        byte[] buf = new byte[(int) Math.max(1, Math.min(CHUNK, size()))];
        try (InputStream in = bytes.open()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (n > 0) {
                    consumer.accept(buf, 0, n);
                }
            }
        }
    }

    @Override
    public String toString() {
        return path.render() + " [" + detectedType + ", " + size() + " bytes"
                + (declaredName != null ? ", name " + declaredName : "")
                + (declaredMimeType != null ? ", " + declaredMimeType : "") + "]";
    }
}
