package dev.mamori.core.scan.content;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Decompression bombs generated at test time, small in memory and never written to the repository. Large outputs are
 * made without compressing large inputs: a deflate segment for 1 MiB of zeros, flushed to a byte boundary, is valid
 * again when repeated (its back-references only ever reach zeros), so N MiB of zeros cost N × ~1 KB.
 */
final class Bombs {
    private static final int MIB = 1024 * 1024;

    private Bombs() {
    }

    /** Raw deflate data for {@code mebibytes} MiB of zeros, and its CRC-32. */
    record Deflated(byte[] data, long size, long crc) {
    }

    static Deflated zeros(int mebibytes) {
        Deflater d = new Deflater(9, true);
        d.setInput(new byte[MIB]);
        byte[] buf = new byte[64 * 1024];
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        byte[] segment = java.util.Arrays.copyOf(buf, n);
        d.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length * mebibytes + 16);
        for (int i = 0; i < mebibytes; i++) {
            out.writeBytes(segment);
        }
        out.writeBytes(new byte[]{0x03, 0x00}); // a final empty fixed-Huffman block
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[MIB];
        for (int i = 0; i < mebibytes; i++) {
            crc.update(zeros);
        }
        return new Deflated(out.toByteArray(), (long) mebibytes * MIB, crc.getValue());
    }

    /** A gzip stream of {@code mebibytes} MiB of zeros. */
    static byte[] gzipZeros(int mebibytes) {
        Deflated z = zeros(mebibytes);
        ByteBuffer out = ByteBuffer.allocate(10 + z.data().length + 8).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[]{0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, (byte) 0xFF});
        out.put(z.data());
        out.putInt((int) z.crc());
        out.putInt((int) z.size());
        return out.array();
    }

    /** A zip whose single deflated member is {@code mebibytes} MiB of zeros. */
    static byte[] zipOfZeros(String name, int mebibytes) throws IOException {
        Deflated z = zeros(mebibytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            ZipArchiveEntry e = new ZipArchiveEntry(name);
            e.setMethod(ZipArchiveEntry.DEFLATED);
            e.setSize(z.size());
            e.setCompressedSize(z.data().length);
            e.setCrc(z.crc());
            zip.addRawArchiveEntry(e, new ByteArrayInputStream(z.data()));
        }
        return out.toByteArray();
    }

    /**
     * 42.zip's shape: {@code levels} levels of zips, each holding {@code width} copies of the level below, the innermost
     * holding {@code width} members of {@code mebibytes} MiB of zeros.
     */
    static byte[] nestedZipBomb(int levels, int width, int mebibytes) throws IOException {
        Deflated z = zeros(mebibytes);
        byte[] current = null;
        for (int level = 0; level < levels; level++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
                for (int i = 0; i < width; i++) {
                    if (current == null) {
                        ZipArchiveEntry e = new ZipArchiveEntry("0" + i + ".bin");
                        e.setMethod(ZipArchiveEntry.DEFLATED);
                        e.setSize(z.size());
                        e.setCompressedSize(z.data().length);
                        e.setCrc(z.crc());
                        zip.addRawArchiveEntry(e, new ByteArrayInputStream(z.data()));
                    } else {
                        zip.putArchiveEntry(new ZipArchiveEntry("lib " + level + "-" + i + ".zip"));
                        zip.write(current);
                        zip.closeArchiveEntry();
                    }
                }
            }
            current = out.toByteArray();
        }
        return current;
    }

    /** A zip nested {@code depth} times around a small text file. */
    static byte[] deepZip(int depth) throws IOException {
        byte[] current = "bottom".getBytes(StandardCharsets.US_ASCII);
        String name = "bottom.txt";
        for (int i = 0; i < depth; i++) {
            current = Archives.zip(Archives.entries(name, current));
            name = "level" + i + ".zip";
        }
        return current;
    }

    /**
     * The overlapping-entry bomb (after David Fifield, "A better zip bomb"): one local file header and one compressed
     * kernel, and {@code entries} central-directory records that all point at it. Each record inflates the same
     * kernel again; no single member has a suspicious ratio, the archive as a whole does.
     */
    static byte[] overlappingZip(int entries, int kernelMebibytes) {
        Deflated z = zeros(kernelMebibytes);
        byte[] name = "kernel".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(30 + name.length + z.data().length + entries * (46 + 16) + 22)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 8)
                .putShort((short) 0).putShort((short) 0).putInt((int) z.crc()).putInt(z.data().length)
                .putInt((int) z.size()).putShort((short) name.length).putShort((short) 0).put(name);
        out.put(z.data());
        int directoryStart = out.position();
        for (int i = 0; i < entries; i++) {
            byte[] n = String.format("file%04d.bin", i).getBytes(StandardCharsets.US_ASCII);
            out.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 8)
                    .putShort((short) 0).putShort((short) 0).putInt((int) z.crc()).putInt(z.data().length)
                    .putInt((int) z.size()).putShort((short) n.length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(n);
        }
        int directorySize = out.position() - directoryStart;
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries)
                .putShort((short) entries).putInt(directorySize).putInt(directoryStart).putShort((short) 0);
        return java.util.Arrays.copyOf(out.array(), out.position());
    }
}
