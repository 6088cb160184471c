package dev.mamori.core.scan.content;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Commons Compress writes no encrypted 7z, so the test makes one by hand: in an archive written with the COPY method,
 * the folder's coder record {@code 01 00} (id size 1, id 00 = copy) becomes the AES-256/SHA-256 coder
 * {@code 24 06 F1 07 01 02 xx yy} with minimal properties, and the header length and both CRCs are fixed up. The
 * content stays plain, which no reader will ever see: the coder id alone makes a reader ask for a password.
 */
final class SevenZipAes {
    private SevenZipAes() {
    }

    static byte[] withAesCoder(byte[] archive) {
        ByteBuffer start = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        int headerOffset = (int) (32 + start.getLong(12));
        int headerSize = (int) start.getLong(20);
        byte[] header = java.util.Arrays.copyOfRange(archive, headerOffset, headerOffset + headerSize);
        int coder = indexOf(header, new byte[]{0x0B, 0x01, 0x00, 0x01, 0x01, 0x00}); // kFolder, 1 folder, external 0, 1 coder, copy
        if (coder < 0) {
            throw new IllegalStateException("no COPY coder in the test archive's header");
        }
        byte[] aesCoder = {0x24, 0x06, (byte) 0xF1, 0x07, 0x01, 0x02, 0x00, 0x00};
        byte[] patched = new byte[header.length - 2 + aesCoder.length];
        int at = coder + 4;
        System.arraycopy(header, 0, patched, 0, at);
        System.arraycopy(aesCoder, 0, patched, at, aesCoder.length);
        System.arraycopy(header, at + 2, patched, at + aesCoder.length, header.length - at - 2);
        byte[] out = new byte[headerOffset + patched.length];
        System.arraycopy(archive, 0, out, 0, headerOffset);
        System.arraycopy(patched, 0, out, headerOffset, patched.length);
        ByteBuffer bb = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(20, patched.length);
        bb.putInt(28, (int) crc(patched, 0, patched.length));
        bb.putInt(8, (int) crc(out, 12, 20));
        return out;
    }

    private static long crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return c.getValue();
    }

    private static int indexOf(byte[] b, byte[] needle) {
        return Magic.indexOf(b, 0, b.length, needle);
    }
}
