package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.ContentItem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The member names of a zip package, from its central directory (found through the end record in the last 64 KiB,
 * zip64 included), without inflating anything. A package without a readable end record falls back to the local
 * headers in its first bytes. Bounded: at most {@link #MAX_NAMES} names and {@link #MAX_DIRECTORY} bytes read.
 */
final class ZipEntryNames {
    static final int MAX_NAMES = 20_000;
    private static final int MAX_DIRECTORY = 8 * 1024 * 1024;
    private static final int END_RECORD = 22;
    private static final int TAIL = 0xFFFF + END_RECORD;
    private static final int HEAD = 1024 * 1024;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    private ZipEntryNames() {
    }

    static List<String> of(ContentItem item) throws IOException {
        long size = item.size();
        long tailStart = Math.max(0, size - TAIL);
        ByteBuffer tail = le(item.read(tailStart, TAIL));
        for (int i = tail.capacity() - END_RECORD; i >= 0; i--) {
            if (tail.getInt(i) == 0x06054b50) {
                long endAt = tailStart + i;
                long directorySize = tail.getInt(i + 12) & 0xFFFFFFFFL;
                if (directorySize == 0xFFFFFFFFL && i >= 20 && tail.getInt(i - 20) == 0x07064b50) {
                    directorySize = zip64DirectorySize(item, tail.getLong(i - 12));
                    endAt = tail.getLong(i - 12); // the directory ends where the zip64 end record starts
                }
                // the directory sits just before the end record; this also holds for self-extractors and
                // mails that prepend bytes, where the recorded offset is wrong
                if (directorySize > 0 && directorySize <= endAt) {
                    return names(le(item.read(endAt - directorySize, (int) Math.min(directorySize, MAX_DIRECTORY))),
                            CENTRAL, 28, 46, 30, 32);
                }
                break;
            }
        }
        return names(le(item.read(0, HEAD)), LOCAL, 26, 30, 28, -1);
    }

    private static long zip64DirectorySize(ContentItem item, long zip64End) throws IOException {
        ByteBuffer b = le(item.read(zip64End, 56));
        return b.capacity() == 56 && b.getInt(0) == 0x06064b50 ? b.getLong(40) : -1;
    }

    /**
     * Names from consecutive headers with {@code signature}; for local headers, scanning resumes at the next
     * signature since the compressed size may be unknown (data descriptors).
     */
    private static List<String> names(ByteBuffer b, int signature, int nameLengthAt, int nameAt, int extraLengthAt,
                                      int commentLengthAt) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i + nameAt <= b.capacity() && out.size() < MAX_NAMES) {
            if (b.getInt(i) != signature) {
                if (commentLengthAt >= 0) {
                    break; // a central directory is contiguous: anything else ends it
                }
                i++;
                continue;
            }
            int nameLength = b.getShort(i + nameLengthAt) & 0xFFFF;
            if (i + nameAt + nameLength > b.capacity()) {
                break;
            }
            byte[] name = new byte[nameLength];
            b.get(i + nameAt, name);
            out.add(new String(name, StandardCharsets.UTF_8));
            int extra = b.getShort(i + extraLengthAt) & 0xFFFF;
            int comment = commentLengthAt >= 0 ? b.getShort(i + commentLengthAt) & 0xFFFF : 0;
            i += commentLengthAt >= 0 ? nameAt + nameLength + extra + comment : nameAt + nameLength;
        }
        return out;
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
