package dev.mamori.core.scan.content;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks on a zip's directory made before any member is inflated: the entry count from the end-of-central-directory
 * record (so a directory of millions of entries is refused before it is parsed into objects), and overlapping entries
 * (David Fifield's bomb: many directory entries pointing into the same compressed bytes, each inflating them again).
 */
final class ZipDirectory {
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;

    private ZipDirectory() {
    }

    /** Entries the directory declares, or -1 when no end record is found (a truncated zip). */
    static long declaredEntries(ContentBytes zip) throws IOException {
        long tailStart = Math.max(0, zip.size() - EOCD_SIZE - MAX_COMMENT);
        byte[] tail = zip.read(tailStart, EOCD_SIZE + MAX_COMMENT);
        for (int i = tail.length - EOCD_SIZE; i >= 0; i--) {
            if (Magic.at(tail, tail.length, i, 'P', 'K', 5, 6)) {
                int entries = Magic.le16(tail, tail.length, i + 10);
                if (entries != 0xFFFF) {
                    return entries;
                }
                return zip64Entries(zip, tail, tailStart, i);
            }
        }
        return -1;
    }

    private static long zip64Entries(ContentBytes zip, byte[] tail, long tailStart, int eocd) throws IOException {
        int locator = eocd - 20;
        if (!Magic.at(tail, tail.length, locator, 'P', 'K', 6, 7)) {
            return 0xFFFF;
        }
        long offset = Magic.le32(tail, tail.length, locator + 8) | Magic.le32(tail, tail.length, locator + 12) << 32;
        if (offset < 0 || offset >= zip.size()) {
            return 0xFFFF;
        }
        byte[] record = zip.read(offset, 56);
        if (!Magic.at(record, record.length, 0, 'P', 'K', 6, 6)) {
            return 0xFFFF;
        }
        long low = Magic.le32(record, record.length, 32);
        long high = Magic.le32(record, record.length, 36);
        return high > 0 ? Long.MAX_VALUE : low;
    }

    /** The first entry whose local data begins inside another entry's, or null when no two entries share bytes. */
    static ZipArchiveEntry firstOverlap(List<ZipArchiveEntry> entries) {
        List<ZipArchiveEntry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(ZipArchiveEntry::getLocalHeaderOffset));
        long end = -1;
        for (ZipArchiveEntry e : byOffset) {
            long start = e.getLocalHeaderOffset();
            if (start < end) {
                return e;
            }
            long dataStart = e.getDataOffset() > 0 ? e.getDataOffset() : start + 30;
            end = Math.max(end, dataStart + Math.max(0, e.getCompressedSize()));
        }
        return null;
    }
}
