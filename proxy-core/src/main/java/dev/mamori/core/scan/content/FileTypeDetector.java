package dev.mamori.core.scan.content;

/**
 * Detects what content is from magic bytes, never from its name. Looks at the first {@link #HEAD_SIZE} bytes (enough
 * for the ISO 9660 volume descriptors at 0x8001–0x9001) and the last {@link #TAIL_SIZE} bytes (a fixed VHD's footer, a
 * ZIP's central directory). Binary signatures win over text heuristics; an MZ header wins over an appended ZIP, so a
 * self-extractor is an executable.
 */
public final class FileTypeDetector {
    public static final int HEAD_SIZE = 64 * 1024;
    public static final int TAIL_SIZE = 64 * 1024;

    private FileTypeDetector() {
    }

    /** Detects a type from content held in memory. */
    public static FileType detect(byte[] content) {
        int tailStart = Math.max(0, content.length - TAIL_SIZE);
        byte[] tail = java.util.Arrays.copyOfRange(content, tailStart, content.length);
        return detect(content, Math.min(content.length, HEAD_SIZE), tail, tail.length, content.length);
    }

    /**
     * @param head    the first bytes of the content
     * @param headLen valid bytes in {@code head}
     * @param tail    the last bytes of the content (may overlap the head)
     * @param tailLen valid bytes in {@code tail}
     * @param size    the content's full size
     */
    public static FileType detect(byte[] head, int headLen, byte[] tail, int tailLen, long size) {
        if (size == 0 || headLen == 0) {
            return FileType.EMPTY;
        }
        FileType binary = binary(head, headLen, tail, tailLen);
        if (binary != null) {
            return binary;
        }
        FileType text = TextClassifier.classify(head, headLen);
        return text != null ? text : FileType.BINARY;
    }

    private static FileType binary(byte[] h, int n, byte[] tail, int tailLen) {
        if (Magic.ascii(h, n, 0, "MZ")) {
            return hasPeHeader(h, n) ? FileType.PE : FileType.MSDOS;
        }
        if (Magic.at(h, n, 0, 0x7F, 'E', 'L', 'F')) {
            return FileType.ELF;
        }
        FileType macho = machO(h, n);
        if (macho != null) {
            return macho;
        }
        if (Magic.at(h, n, 0, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) {
            return Ole2Flavour.of(h, n);
        }
        if (Magic.at(h, n, 0, 0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)) {
            return FileType.LNK;
        }
        if (Magic.at(h, n, 0, 'P', 'K', 3, 4) || Magic.at(h, n, 0, 'P', 'K', 5, 6)
                || Magic.at(h, n, 0, 'P', 'K', 7, 8) && Magic.at(h, n, 4, 'P', 'K', 3, 4)) {
            return ZipFlavour.of(h, n, tail, tailLen);
        }
        FileType compressed = compressed(h, n);
        if (compressed != null) {
            return compressed;
        }
        FileType archive = archive(h, n);
        if (archive != null) {
            return archive;
        }
        FileType image = diskImage(h, n, tail, tailLen);
        if (image != null) {
            return image;
        }
        return documentOrPicture(h, n);
    }

    private static boolean hasPeHeader(byte[] h, int n) {
        long peOffset = Magic.le32(h, n, 0x3C);
        return peOffset >= 0x40 && peOffset < n && Magic.at(h, n, (int) peOffset, 'P', 'E', 0, 0);
    }

    private static FileType machO(byte[] h, int n) {
        if (Magic.at(h, n, 0, 0xFE, 0xED, 0xFA, 0xCE) || Magic.at(h, n, 0, 0xFE, 0xED, 0xFA, 0xCF)
                || Magic.at(h, n, 0, 0xCE, 0xFA, 0xED, 0xFE) || Magic.at(h, n, 0, 0xCF, 0xFA, 0xED, 0xFE)) {
            return FileType.MACH_O;
        }
        if (Magic.at(h, n, 0, 0xCA, 0xFE, 0xBA, 0xBE) || Magic.at(h, n, 0, 0xCA, 0xFE, 0xBA, 0xBF)) {
            // a class file shares the magic; its next word is the version (45 and up), a fat header's the arch count
            long next = Magic.be32(h, n, 4);
            return next > 0 && next < 20 ? FileType.MACH_O_FAT : FileType.JAVA_CLASS;
        }
        return null;
    }

    private static FileType compressed(byte[] h, int n) {
        if (Magic.at(h, n, 0, 0x1F, 0x8B, 0x08)) {
            return FileType.GZIP;
        }
        if (Magic.ascii(h, n, 0, "BZh") && n > 3 && h[3] >= '1' && h[3] <= '9'
                && (Magic.at(h, n, 4, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)
                || Magic.at(h, n, 4, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90))) {
            return FileType.BZIP2;
        }
        if (Magic.at(h, n, 0, 0xFD, '7', 'z', 'X', 'Z', 0x00)) {
            return FileType.XZ;
        }
        if (Magic.at(h, n, 0, 0x1F, 0x9D)) {
            return FileType.COMPRESS_Z;
        }
        if (Magic.at(h, n, 0, 0x04, 0x22, 0x4D, 0x18)) {
            return FileType.LZ4;
        }
        if (Magic.at(h, n, 0, 0x28, 0xB5, 0x2F, 0xFD)) {
            return FileType.ZSTD;
        }
        if (isLzmaAlone(h, n)) {
            return FileType.LZMA;
        }
        return null;
    }

    /**
     * The legacy .lzma header has no magic: properties byte, dictionary size, uncompressed size. Accept only the
     * properties every encoder writes by default (lc=3, lp=0, pb=2), a power-of-two dictionary and a plausible size.
     */
    private static boolean isLzmaAlone(byte[] h, int n) {
        if (n < 13 || (h[0] & 0xFF) != 0x5D) {
            return false;
        }
        long dictionary = Magic.le32(h, n, 1);
        if (dictionary < 4096 || Long.bitCount(dictionary) != 1) {
            return false;
        }
        boolean unknownSize = Magic.at(h, n, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        return unknownSize || (h[12] == 0 && h[11] == 0);
    }

    private static FileType archive(byte[] h, int n) {
        if (Magic.at(h, n, 0, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)) {
            return FileType.SEVEN_ZIP;
        }
        if (Magic.ascii(h, n, 0, "Rar!\u001A\u0007")) {
            return FileType.RAR;
        }
        if (Magic.ascii(h, n, 0, "MSCF") && Magic.at(h, n, 4, 0, 0, 0, 0)) {
            return FileType.CAB;
        }
        if (Magic.ascii(h, n, 0, "!<arch>\n")) {
            return FileType.AR;
        }
        if (Magic.ascii(h, n, 0, "070701") || Magic.ascii(h, n, 0, "070702") || Magic.ascii(h, n, 0, "070707")
                || Magic.at(h, n, 0, 0xC7, 0x71) || Magic.at(h, n, 0, 0x71, 0xC7)) {
            return FileType.CPIO;
        }
        if (Magic.at(h, n, 0, 0x60, 0xEA)) {
            return FileType.ARJ;
        }
        if (Magic.ascii(h, n, 257, "ustar") || TarChecksum.valid(h, n)) {
            return FileType.TAR;
        }
        return null;
    }

    private static FileType diskImage(byte[] h, int n, byte[] tail, int tailLen) {
        for (int offset : new int[]{0x8001, 0x8801, 0x9001}) {
            if (Magic.ascii(h, n, offset, "CD001")) {
                return FileType.ISO9660;
            }
        }
        if (Magic.ascii(h, n, 0x8001, "BEA01")) {
            return FileType.UDF;
        }
        if (Magic.ascii(h, n, 0, "vhdxfile")) {
            return FileType.VHDX;
        }
        if (Magic.ascii(h, n, 0, "conectix") || tailLen >= 512 && Magic.ascii(tail, tailLen, tailLen - 512, "conectix")) {
            return FileType.VHD;
        }
        boolean bootSector = Magic.at(h, n, 510, 0x55, 0xAA);
        if (bootSector && (Magic.ascii(h, n, 0x36, "FAT1") || Magic.ascii(h, n, 0x52, "FAT32")
                || Magic.ascii(h, n, 3, "NTFS    ") || Magic.ascii(h, n, 3, "EXFAT   "))) {
            return FileType.DISK_IMAGE;
        }
        return null;
    }

    private static FileType documentOrPicture(byte[] h, int n) {
        // readers accept junk before the PDF header; attackers put it there to dodge naive checks
        if (Magic.indexOf(h, 0, Math.min(n, 1024), new byte[]{'%', 'P', 'D', 'F', '-'}) >= 0) {
            return FileType.PDF;
        }
        if (Magic.ascii(h, n, 0, "{\\rt")) {
            return FileType.RTF;
        }
        if (Magic.at(h, n, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return FileType.PNG;
        }
        if (Magic.at(h, n, 0, 0xFF, 0xD8, 0xFF)) {
            return FileType.JPEG;
        }
        if (Magic.ascii(h, n, 0, "GIF87a") || Magic.ascii(h, n, 0, "GIF89a")) {
            return FileType.GIF;
        }
        return null;
    }
}
