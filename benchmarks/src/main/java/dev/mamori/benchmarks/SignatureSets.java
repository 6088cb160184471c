package dev.mamori.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Realistic signature sets: byte strings of 16-64 bytes cut from real binaries of this machine, a third of them
 * starting on a run of 00 or FF bytes (as many real signatures do), one in ten with {@code ??} bytes, one in ten
 * with a {@code {n-m}} gap, one in twenty split by {@code *}; and random whole-file hashes with mail-like sizes.
 */
final class SignatureSets {
    private SignatureSets() {
    }

    static List<String> ndbLines(int count, long seed) {
        Random r = new Random(seed);
        List<Path> sources = MachineFiles.signatureSources();
        List<String> lines = new ArrayList<>(count);
        int perFile = Math.max(1, count / sources.size() + 1);
        int file = 0;
        byte[] content = MachineFiles.read(sources.get(0));
        int fromThisFile = 0;
        while (lines.size() < count) {
            String hex = fromThisFile < perFile ? hexSignature(content, r) : null;
            if (hex == null) {
                // this file is used up or too uniform to cut distinctive signatures from: take the next one
                content = MachineFiles.read(sources.get(++file % sources.size()));
                fromThisFile = 0;
                continue;
            }
            fromThisFile++;
            lines.add("Mamori.Bench.Sig-" + lines.size() + ":0:*:" + hex);
        }
        return lines;
    }

    private static String hexSignature(byte[] content, Random r) {
        int len = 16 + r.nextInt(49);
        int at = r.nextInt(content.length - 200);
        // analysts cut signatures from distinctive code and data, never from zero fill or padding
        for (int attempt = 0; !distinctive(content, at + 8, len - 8); attempt++) {
            if (attempt == 100) {
                return null;
            }
            at = r.nextInt(content.length - 200);
        }
        if (r.nextInt(3) == 0) {
            // start on a run of 00 or FF, as packer and header signatures often do
            byte fill = r.nextBoolean() ? 0 : (byte) 0xFF;
            for (int k = at; k < content.length - 200; k++) {
                if (content[k] == fill && content[k + 1] == fill && content[k + 2] != fill) {
                    at = Math.max(0, k - r.nextInt(4));
                    break;
                }
            }
        }
        HexFormat hex = HexFormat.of();
        int variant = r.nextInt(20);
        if (variant < 2) {
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < len; k++) {
                s.append(k > 2 && k < len - 2 && r.nextInt(8) == 0 ? "??" : hex.toHexDigits(content[at + k]));
            }
            return s.toString();
        }
        if (variant < 4) {
            int gapAt = 8 + r.nextInt(len - 12);
            int gap = 1 + r.nextInt(6);
            return hex.formatHex(content, at, at + gapAt) + "{" + gap + "-" + (gap + r.nextInt(8)) + "}"
                    + hex.formatHex(content, at + gapAt + gap, at + len + gap);
        }
        int second = at + len + r.nextInt(100);
        if (variant < 5 && distinctive(content, second, len / 2)) {
            return hex.formatHex(content, at, at + len / 2) + "*" + hex.formatHex(content, second, second + len / 2);
        }
        return hex.formatHex(content, at, at + len);
    }

    private static boolean distinctive(byte[] content, int from, int len) {
        boolean[] seen = new boolean[256];
        int distinct = 0;
        int fill = 0;
        for (int k = from; k < from + len; k++) {
            int b = content[k] & 0xFF;
            fill += b == 0 || b == 0xFF ? 1 : 0;
            if (!seen[b]) {
                seen[b] = true;
                distinct++;
            }
        }
        return distinct * 2 >= len && fill * 3 <= len;
    }

    /** {@code count} MD5 lines with random digests and sizes like mail attachments. */
    static List<String> hdbLines(int count, long seed) {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>(count);
        byte[] digest = new byte[16];
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < count; i++) {
            r.nextBytes(digest);
            lines.add(hex.formatHex(digest) + ":" + (1024 + r.nextInt(8 * 1024 * 1024)) + ":Mamori.Bench.Hash-" + i);
        }
        return lines;
    }
}
