package dev.mamori.core.scan.content;

/**
 * Recognises a pre-POSIX tar header, which has no magic: the octal checksum at 148 must equal the byte sum of the
 * 512-byte header with the checksum field counted as spaces, and the name must start with a printable character.
 */
final class TarChecksum {
    private TarChecksum() {
    }

    static boolean valid(byte[] h, int n) {
        if (n < 512 || h[0] < 0x20 || h[0] > 0x7E) {
            return false;
        }
        int i = 148;
        while (i < 156 && h[i] == ' ') {
            i++;
        }
        long stored = 0;
        int digits = 0;
        for (; i < 156 && h[i] >= '0' && h[i] <= '7'; i++, digits++) {
            stored = stored * 8 + (h[i] - '0');
        }
        if (digits == 0 || i < 156 && h[i] != ' ' && h[i] != 0) {
            return false;
        }
        long sum = 0;
        for (int j = 0; j < 512; j++) {
            sum += j >= 148 && j < 156 ? ' ' : h[j] & 0xFF;
        }
        return sum == stored;
    }
}
