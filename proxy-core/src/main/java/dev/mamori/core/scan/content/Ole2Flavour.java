package dev.mamori.core.scan.content;

/**
 * Tells a Windows Installer package from other OLE2 compound files by the CLSID of the root storage: the first
 * directory entry, in the sector named by the header. Installer databases, patches and transforms carry the
 * {@code 000C108x-0000-0000-C000-000000000046} family; anything else (Word, Excel, PowerPoint, unknown) stays OLE2.
 */
final class Ole2Flavour {
    private static final int CLSID_IN_ENTRY = 0x50;

    private Ole2Flavour() {
    }

    static FileType of(byte[] head, int len) {
        int sectorShift = Magic.le16(head, len, 0x1E);
        long firstDirectorySector = Magic.le32(head, len, 0x30);
        if (sectorShift < 7 || sectorShift > 16 || firstDirectorySector < 0 || firstDirectorySector > 0xFFFFFFFAL) {
            return FileType.OLE2;
        }
        long rootEntry = (firstDirectorySector + 1) << sectorShift;
        if (rootEntry + CLSID_IN_ENTRY + 16 > len) {
            return FileType.OLE2;
        }
        int clsid = (int) rootEntry + CLSID_IN_ENTRY;
        // GUID {000C108x-0000-0000-C000-000000000046} in its little-endian on-disk layout
        boolean installer = Magic.at(head, len, clsid + 1, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00,
                0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46);
        int variant = head[clsid] & 0xFF;
        return installer && (variant == 0x82 || variant == 0x84 || variant == 0x86) ? FileType.MSI : FileType.OLE2;
    }
}
