package dev.mamori.core.scan.content;

import org.apache.commons.compress.compressors.CompressorInputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Decompresses a single-stream format (gzip, bzip2, xz, lzma, .Z, lz4) into one member, named after the container
 * without its suffix ({@code report.tar.gz} → {@code report.tar}), which is then detected and opened in turn.
 * Concatenated streams are read to the end, as gunzip does.
 */
final class CompressedStreamExpander {
    private static final Map<String, String> SUFFIXES = Map.of(".tgz", ".tar", ".tbz2", ".tar", ".tbz", ".tar",
            ".txz", ".tar", ".taz", ".tar");
    private static final String[] STRIP = {".gz", ".gzip", ".bz2", ".xz", ".lzma", ".z", ".lz4"};

    private CompressedStreamExpander() {
    }

    static void expand(Walk walk, ContentItem item, ItemBuffer bytes) throws LimitExceededException {
        String format = switch (item.detectedType()) {
            case GZIP -> CompressorStreamFactory.GZIP;
            case BZIP2 -> CompressorStreamFactory.BZIP2;
            case XZ -> CompressorStreamFactory.XZ;
            case LZMA -> CompressorStreamFactory.LZMA;
            case COMPRESS_Z -> CompressorStreamFactory.Z;
            case LZ4 -> CompressorStreamFactory.LZ4_FRAMED;
            default -> throw new IllegalArgumentException("not a compressed stream: " + item.detectedType());
        };
        String name = decompressedName(item.declaredName().orElse(item.path().last()));
        ContentPath memberPath = item.path().member(name);
        CountingInputStream compressed;
        try {
            compressed = new CountingInputStream(bytes.open());
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
        CompressorInputStream decoded;
        try {
            decoded = new CompressorStreamFactory(true, walk.limits().maxDecoderMemoryKib())
                    .createCompressorInputStream(format, compressed);
        } catch (Exception e) {
            Channels.closeQuietly(compressed);
            Damage.report(walk, memberPath, e, 0);
            return;
        }
        try (decoded) {
            CompressionGuard guard = new CompressionGuard(walk.limits(), bytes.size());
            walk.member(memberPath, name, decoded, guard.member(compressed::count));
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
    }

    static String decompressedName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (var e : SUFFIXES.entrySet()) {
            if (lower.endsWith(e.getKey())) {
                return name.substring(0, name.length() - e.getKey().length()) + e.getValue();
            }
        }
        for (String suffix : STRIP) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name + " (decompressed)";
    }
}
