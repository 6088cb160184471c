package dev.mamori.core.scan.action;

import dev.mamori.core.scan.MessageSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * A message Mamori changed: new leading bytes (headers, or a whole notice), optionally followed by the original
 * message from {@code bodyOffset} on (a tagged message keeps its body byte for byte).
 */
public final class ModifiedMessage implements MessageSource {
    private final byte[] head;
    private final MessageSource original;
    private final long bodyOffset;

    ModifiedMessage(byte[] head, MessageSource original, long bodyOffset) {
        this.head = head;
        this.original = original;
        this.bodyOffset = bodyOffset;
    }

    static ModifiedMessage whole(byte[] content) {
        return new ModifiedMessage(content, null, 0);
    }

    @Override
    public InputStream openStream() throws IOException {
        if (original == null) {
            return new ByteArrayInputStream(head);
        }
        InputStream body = original.openStream();
        body.skipNBytes(bodyOffset);
        return new SequenceInputStream(new ByteArrayInputStream(head), body);
    }

    @Override
    public long size() {
        return head.length + (original == null ? 0 : original.size() - bodyOffset);
    }
}
