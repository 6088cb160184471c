package dev.mamori.core.scan.content;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.ArchiveStreamFactory;

import java.io.IOException;
import java.io.InputStream;

/**
 * Unpacks archives read front to back (tar, ar, cpio, ARJ) through Commons Compress's stream readers. These formats do
 * not compress, so only the archive-wide ratio applies (sparse tar entries could still inflate).
 */
final class StreamArchiveExpander {
    private StreamArchiveExpander() {
    }

    static void expand(Walk walk, ContentItem item, ItemBuffer bytes) throws LimitExceededException {
        ContentPath path = item.path();
        String format = switch (item.detectedType()) {
            case TAR -> ArchiveStreamFactory.TAR;
            case AR -> ArchiveStreamFactory.AR;
            case CPIO -> ArchiveStreamFactory.CPIO;
            case ARJ -> ArchiveStreamFactory.ARJ;
            default -> throw new IllegalArgumentException("not a stream archive: " + item.detectedType());
        };
        InputStream raw = open(bytes);
        ArchiveInputStream<? extends ArchiveEntry> archive;
        try {
            archive = ArchiveStreamFactory.DEFAULT.createArchiveInputStream(format, raw);
        } catch (Exception e) {
            Channels.closeQuietly(raw);
            Damage.report(walk, path, e, 0);
            return;
        }
        CompressionGuard guard = new CompressionGuard(walk.limits(), bytes.size());
        int members = 0;
        try (archive) {
            for (ArchiveEntry entry; (entry = next(walk, path, archive)) != null; ) {
                if (entry.isDirectory()) {
                    continue;
                }
                if (++members > walk.limits().maxArchiveMembers()) {
                    throw new LimitExceededException(Limit.ARCHIVE_MEMBERS, path,
                            String.valueOf(walk.limits().maxArchiveMembers()));
                }
                ContentPath memberPath = path.member(entry.getName());
                if (!archive.canReadEntryData(entry)) {
                    walk.finding(Finding.Kind.UNSUPPORTED, memberPath, "member cannot be read (encrypted or an "
                            + "unsupported method)");
                    continue;
                }
                walk.member(memberPath, entry.getName(), new NonClosingInputStream(archive), guard.uncompressedMember());
            }
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
    }

    private static ArchiveEntry next(Walk walk, ContentPath path, ArchiveInputStream<? extends ArchiveEntry> archive)
            throws LimitExceededException {
        try {
            return archive.getNextEntry();
        } catch (IOException | RuntimeException e) {
            Damage.report(walk, path, e, 0);
            return null;
        }
    }

    private static InputStream open(ItemBuffer bytes) {
        try {
            return bytes.open();
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
    }
}
