package dev.mamori.core.scan.content;

import org.apache.commons.compress.PasswordRequiredException;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.sevenz.SevenZMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZMethodConfiguration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * Unpacks 7-Zip archives. Decoder memory is capped (a crafted header can ask for a gigabyte dictionary); encrypted
 * headers and AES-coded members are reported as {@link Finding.Kind#ENCRYPTED}. Members of a solid block come out in
 * order, so reading them one after another decodes the block once.
 */
final class SevenZipExpander {
    private SevenZipExpander() {
    }

    static void expand(Walk walk, ContentItem item, ItemBuffer bytes) throws LimitExceededException {
        ContentPath path = item.path();
        SevenZFile archive;
        SeekableByteChannel channel = null;
        try {
            channel = bytes.channel();
            archive = SevenZFile.builder().setSeekableByteChannel(channel)
                    // setMaxMemoryLimitKb divides by 1024 once more in 1.28; the KiB variant means what it says
                    .setMaxMemoryLimitKiB(walk.limits().maxDecoderMemoryKib())
                    .setTryToRecoverBrokenArchives(false)
                    .get();
        } catch (PasswordRequiredException e) {
            Channels.closeQuietly(channel);
            walk.finding(Finding.Kind.ENCRYPTED, path, "7z archive with encrypted headers");
            return;
        } catch (IOException | RuntimeException e) {
            Channels.closeQuietly(channel);
            Damage.report(walk, path, e, 0);
            return;
        }
        try (archive) {
            int members = 0;
            CompressionGuard guard = new CompressionGuard(walk.limits(), bytes.size());
            for (SevenZArchiveEntry entry; (entry = next(walk, path, archive)) != null; ) {
                if (entry.isDirectory() || !entry.hasStream()) {
                    continue;
                }
                if (++members > walk.limits().maxArchiveMembers()) {
                    throw new LimitExceededException(Limit.ARCHIVE_MEMBERS, path,
                            String.valueOf(walk.limits().maxArchiveMembers()));
                }
                ContentPath memberPath = path.member(entry.getName());
                if (encrypted(entry)) {
                    walk.finding(Finding.Kind.ENCRYPTED, memberPath, "7z member encrypted with AES");
                    continue;
                }
                SevenZFile current = archive;
                walk.member(memberPath, entry.getName(), new CurrentEntry(current),
                        guard.member(() -> current.getStatisticsForCurrentEntry().getCompressedCount()));
            }
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
    }

    private static SevenZArchiveEntry next(Walk walk, ContentPath path, SevenZFile archive)
            throws LimitExceededException {
        try {
            return archive.getNextEntry();
        } catch (IOException | RuntimeException e) {
            Damage.report(walk, path, e, 0);
            return null;
        }
    }

    private static boolean encrypted(SevenZArchiveEntry entry) {
        for (SevenZMethodConfiguration method : entry.getContentMethods()) {
            if (method.getMethod() == SevenZMethod.AES256SHA256) {
                return true;
            }
        }
        return false;
    }

    /** The current entry's bytes: SevenZFile reads the entry {@link SevenZFile#getNextEntry()} moved to. */
    private static final class CurrentEntry extends InputStream {
        private final SevenZFile archive;

        CurrentEntry(SevenZFile archive) {
            this.archive = archive;
        }

        @Override
        public int read() throws IOException {
            return archive.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return archive.read(b, off, len);
        }
    }
}
