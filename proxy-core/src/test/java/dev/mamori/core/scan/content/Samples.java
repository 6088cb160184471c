package dev.mamori.core.scan.content;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Small synthetic files with the right magic for each type; nothing here runs or is harmful. */
final class Samples {
    private Samples() {
    }

    /** The EICAR test string, assembled at run time so that no file in the repository is flagged by scanners. */
    static byte[] eicar() {
        String s = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-" + "TEST-FILE!$H+H*";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] pe() {
        byte[] b = new byte[512];
        b[0] = 'M';
        b[1] = 'Z';
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3C, 0x80);
        b[0x80] = 'P';
        b[0x81] = 'E';
        return b;
    }

    static byte[] elf() {
        byte[] b = new byte[64];
        b[0] = 0x7F;
        b[1] = 'E';
        b[2] = 'L';
        b[3] = 'F';
        b[4] = 2;
        return b;
    }

    static byte[] withMagic(int size, int... magic) {
        byte[] b = new byte[size];
        for (int i = 0; i < magic.length; i++) {
            b[i] = (byte) magic[i];
        }
        return b;
    }

    static byte[] at(int size, int offset, String ascii) {
        byte[] b = new byte[size];
        byte[] a = ascii.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(a, 0, b, offset, a.length);
        return b;
    }

    /** A minimal OLE2 header whose root directory entry (sector 0) carries {@code clsidFirstByte}-0C10... */
    static byte[] ole2(boolean installer) {
        byte[] b = new byte[1536];
        int[] magic = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
        for (int i = 0; i < magic.length; i++) {
            b[i] = (byte) magic[i];
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort(0x1E, (short) 9); // 512-byte sectors
        bb.putInt(0x30, 0); // directory starts in sector 0, i.e. at offset 512
        int clsid = 512 + 0x50;
        if (installer) {
            int[] guid = {0x84, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
            for (int i = 0; i < guid.length; i++) {
                b[clsid + i] = (byte) guid[i];
            }
        } else {
            int[] word = {0x06, 0x09, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
            for (int i = 0; i < word.length; i++) {
                b[clsid + i] = (byte) word[i];
            }
        }
        return b;
    }

    static byte[] lnk() {
        return withMagic(128, 0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
