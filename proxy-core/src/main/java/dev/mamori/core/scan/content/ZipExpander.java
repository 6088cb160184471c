package dev.mamori.core.scan.content;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.Collections;
import java.util.List;

/**
 * Unpacks ZIP and its derivatives (OOXML, ODF, JAR, APK) from the central directory, after the directory checks in
 * {@link ZipDirectory}. Encrypted members (traditional or AES) are reported, not read. A zip without a readable
 * directory (truncated in transit, or built to confuse) is reported corrupt and then read from its local headers,
 * so whatever members are intact are still scanned.
 */
final class ZipExpander {
    private ZipExpander() {
    }

    static void expand(Walk walk, ContentItem item, ItemBuffer bytes) throws LimitExceededException {
        ContentPath path = item.path();
        int maxMembers = walk.limits().maxArchiveMembers();
        try {
            if (ZipDirectory.declaredEntries(bytes) > maxMembers) {
                throw new LimitExceededException(Limit.ARCHIVE_MEMBERS, path, String.valueOf(maxMembers));
            }
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
        SeekableByteChannel channel = channel(bytes);
        ZipFile zip;
        try {
            zip = ZipFile.builder().setSeekableByteChannel(channel).get();
        } catch (IOException | RuntimeException e) {
            Channels.closeQuietly(channel);
            walk.finding(Finding.Kind.CORRUPT, path, "zip directory unreadable (" + Damage.describe(e)
                    + "): members read from local headers");
            fromLocalHeaders(walk, path, bytes);
            return;
        }
        try (zip) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
            if (entries.size() > maxMembers) {
                throw new LimitExceededException(Limit.ARCHIVE_MEMBERS, path, String.valueOf(maxMembers));
            }
            ZipArchiveEntry overlap = ZipDirectory.firstOverlap(entries);
            if (overlap != null) {
                throw new LimitExceededException(Limit.OVERLAPPING_ZIP_ENTRIES, path.member(overlap.getName()), "");
            }
            CompressionGuard guard = new CompressionGuard(walk.limits(), bytes.size());
            for (ZipArchiveEntry entry : entries) {
                if (entry.isDirectory()) {
                    continue;
                }
                ContentPath memberPath = path.member(entry.getName());
                if (!readable(walk, memberPath, entry, zip.canReadEntryData(entry))) {
                    continue;
                }
                InputStream in;
                try {
                    in = zip.getInputStream(entry);
                } catch (IOException | RuntimeException e) {
                    Damage.report(walk, memberPath, e, 0);
                    continue;
                }
                long compressed = entry.getCompressedSize();
                walk.member(memberPath, entry.getName(), in, guard.member(() -> compressed));
            }
        } catch (IOException e) {
            // closing a zip over our own buffer
            throw new WalkFailure(e);
        }
    }

    private static SeekableByteChannel channel(ItemBuffer bytes) {
        try {
            return bytes.channel();
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
    }

    /** Streams members from their local headers, for zips whose central directory is missing or unreadable. */
    private static void fromLocalHeaders(Walk walk, ContentPath path, ItemBuffer bytes) throws LimitExceededException {
        CompressionGuard guard = new CompressionGuard(walk.limits(), bytes.size());
        int members = 0;
        try (InputStream raw = bytes.open();
             ZipArchiveInputStream zip = new ZipArchiveInputStream(raw, "UTF-8", true, true)) {
            for (ZipArchiveEntry entry; (entry = next(walk, path, zip)) != null; ) {
                if (entry.isDirectory()) {
                    continue;
                }
                if (++members > walk.limits().maxArchiveMembers()) {
                    throw new LimitExceededException(Limit.ARCHIVE_MEMBERS, path,
                            String.valueOf(walk.limits().maxArchiveMembers()));
                }
                ContentPath memberPath = path.member(entry.getName());
                if (readable(walk, memberPath, entry, zip.canReadEntryData(entry))) {
                    walk.member(memberPath, entry.getName(), new NonClosingInputStream(zip),
                            guard.member(zip::getCompressedCount));
                }
            }
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
    }

    private static ZipArchiveEntry next(Walk walk, ContentPath path, ZipArchiveInputStream zip) {
        try {
            return zip.getNextEntry();
        } catch (IOException | RuntimeException e) {
            walk.finding(Finding.Kind.CORRUPT, path, "zip local headers end in damage: " + Damage.describe(e));
            return null;
        }
    }

    private static boolean readable(Walk walk, ContentPath memberPath, ZipArchiveEntry entry, boolean canRead) {
        if (entry.getGeneralPurposeBit().usesEncryption() || entry.getMethod() == 99) {
            walk.finding(Finding.Kind.ENCRYPTED, memberPath, "encrypted zip member");
            return false;
        }
        if (!canRead) {
            walk.finding(Finding.Kind.UNSUPPORTED, memberPath, "zip compression method " + entry.getMethod()
                    + " cannot be read");
            return false;
        }
        return true;
    }
}
