package dev.mamori.core.scan.content;

import java.nio.charset.StandardCharsets;

/** Bounds-checked reads from a byte window: a short or hostile item never throws, it just does not match. */
final class Magic {
    private Magic() {
    }

    static boolean at(byte[] b, int len, int offset, int... expected) {
        if (offset < 0 || offset + expected.length > len) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((b[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean ascii(byte[] b, int len, int offset, String expected) {
        byte[] e = expected.getBytes(StandardCharsets.ISO_8859_1);
        if (offset < 0 || offset + e.length > len) {
            return false;
        }
        for (int i = 0; i < e.length; i++) {
            if (b[offset + i] != e[i]) {
                return false;
            }
        }
        return true;
    }

    /** Little-endian unsigned 16-bit value, or -1 past the end. */
    static int le16(byte[] b, int len, int offset) {
        if (offset < 0 || offset + 2 > len) {
            return -1;
        }
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
    }

    /** Little-endian unsigned 32-bit value, or -1 past the end. */
    static long le32(byte[] b, int len, int offset) {
        if (offset < 0 || offset + 4 > len) {
            return -1;
        }
        return (b[offset] & 0xFFL) | (b[offset + 1] & 0xFFL) << 8 | (b[offset + 2] & 0xFFL) << 16
                | (b[offset + 3] & 0xFFL) << 24;
    }

    /** Big-endian unsigned 32-bit value, or -1 past the end. */
    static long be32(byte[] b, int len, int offset) {
        if (offset < 0 || offset + 4 > len) {
            return -1;
        }
        return (b[offset] & 0xFFL) << 24 | (b[offset + 1] & 0xFFL) << 16 | (b[offset + 2] & 0xFFL) << 8
                | (b[offset + 3] & 0xFFL);
    }

    static int indexOf(byte[] b, int from, int to, byte[] needle) {
        outer:
        for (int i = Math.max(0, from); i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
