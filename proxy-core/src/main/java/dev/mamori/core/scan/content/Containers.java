package dev.mamori.core.scan.content;

/**
 * Decides, from the detected type, how an item is opened: never from its declared name or MIME type, which the sender
 * controls. Formats we recognise but cannot open are reported, so their content is never silently passed.
 */
final class Containers {
    private Containers() {
    }

    static void open(Walk walk, ContentItem item, ItemBuffer bytes) throws LimitExceededException {
        switch (item.detectedType()) {
            case ZIP, JAR, APK, DOCX, XLSX, PPTX, OOXML, ODF -> ZipExpander.expand(walk, item, bytes);
            case SEVEN_ZIP -> SevenZipExpander.expand(walk, item, bytes);
            case TAR, AR, CPIO, ARJ -> StreamArchiveExpander.expand(walk, item, bytes);
            case GZIP, BZIP2, XZ, LZMA, COMPRESS_Z, LZ4 -> CompressedStreamExpander.expand(walk, item, bytes);
            case TEXT -> UuBlocks.extract(walk, item, bytes);
            case RAR, CAB, ZSTD, ISO9660, UDF, VHD, VHDX, DISK_IMAGE -> walk.finding(Finding.Kind.UNSUPPORTED,
                    item.path(), item.detectedType().description() + ": content not unpacked");
            default -> {
                // a leaf: executables, documents, images, binary data
            }
        }
    }
}
