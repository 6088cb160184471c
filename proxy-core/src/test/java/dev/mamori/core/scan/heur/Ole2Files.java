package dev.mamori.core.scan.heur;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes minimal OLE2 compound files ([MS-CFB] version 3, 512-byte sectors): header, one FAT sector, directory
 * sectors chained through the FAT, and optional padding sectors placed before the directory so that the directory
 * sits deep in a large file. Names starting with {@code /} are storages, the others streams; the root entry comes
 * first. No stream data is written (the heuristics read only the directory).
 */
final class Ole2Files {
    private static final int SECTOR = 512;
    private static final int FREE = 0xFFFFFFFF;
    private static final int END = 0xFFFFFFFE;
    private static final int FAT_SECTOR = 0xFFFFFFFD;

    private Ole2Files() {
    }

    static byte[] compound(String... names) {
        return compound(0, names);
    }

    static byte[] compound(int paddingSectors, String... names) {
        int entries = names.length + 1;
        int dirSectors = (entries + 3) / 4;
        int firstDir = 1 + paddingSectors;
        int sectors = firstDir + dirSectors;
        if (sectors > SECTOR / 4) {
            throw new IllegalArgumentException("one FAT sector covers 128 sectors");
        }
        ByteBuffer b = ByteBuffer.allocate(SECTOR * (1 + sectors)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, 0xE11AB1A1E011CFD0L);
        b.putShort(0x18, (short) 0x3E);
        b.putShort(0x1A, (short) 3);
        b.putShort(0x1C, (short) 0xFFFE);
        b.putShort(0x1E, (short) 9);
        b.putShort(0x20, (short) 6);
        b.putInt(0x2C, 1);
        b.putInt(0x30, firstDir);
        b.putInt(0x38, 4096);
        b.putInt(0x3C, END);
        b.putInt(0x44, END);
        for (int i = 0; i < 109; i++) {
            b.putInt(0x4C + 4 * i, i == 0 ? 0 : FREE);
        }
        int fat = SECTOR; // sector 0
        for (int i = 0; i < SECTOR / 4; i++) {
            b.putInt(fat + 4 * i, FREE);
        }
        b.putInt(fat, FAT_SECTOR);
        for (int s = 1; s < firstDir; s++) {
            b.putInt(fat + 4 * s, s + 1 < firstDir ? s + 1 : END); // padding: one chain of its own
        }
        for (int s = firstDir; s < sectors; s++) {
            b.putInt(fat + 4 * s, s + 1 < sectors ? s + 1 : END);
        }
        int dir = SECTOR * (1 + firstDir);
        entry(b, dir, "Root Entry", 5);
        for (int i = 0; i < names.length; i++) {
            boolean storage = names[i].startsWith("/");
            entry(b, dir + 128 * (i + 1), storage ? names[i].substring(1) : names[i], storage ? 1 : 2);
        }
        return b.array();
    }

    /** Points the directory's chain at itself: a reader must stop, not loop. */
    static byte[] withDirectoryCycle(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file.clone()).order(ByteOrder.LITTLE_ENDIAN);
        int firstDir = b.getInt(0x30);
        b.putInt(SECTOR + 4 * firstDir, firstDir);
        return b.array();
    }

    private static void entry(ByteBuffer b, int at, String name, int type) {
        byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
        b.put(at, n);
        b.putShort(at + 0x40, (short) (n.length + 2));
        b.put(at + 0x42, (byte) type);
        b.put(at + 0x43, (byte) 1);
        b.putInt(at + 0x44, FREE);
        b.putInt(at + 0x48, FREE);
        b.putInt(at + 0x4C, FREE);
        b.putInt(at + 0x74, type == 5 ? END : 0);
    }
}
