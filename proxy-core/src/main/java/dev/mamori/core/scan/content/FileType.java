package dev.mamori.core.scan.content;

/**
 * What an item is by its content, as {@link FileTypeDetector} sees it. Heuristics compare it with the declared name
 * and type; {@link #kind()} groups the types they treat alike.
 */
public enum FileType {
    // executables
    PE(Kind.EXECUTABLE, "Windows PE executable"),
    MSDOS(Kind.EXECUTABLE, "MS-DOS executable (MZ without a PE header)"),
    ELF(Kind.EXECUTABLE, "ELF executable"),
    MACH_O(Kind.EXECUTABLE, "Mach-O executable"),
    MACH_O_FAT(Kind.EXECUTABLE, "Mach-O universal binary"),
    JAVA_CLASS(Kind.EXECUTABLE, "Java class file"),
    MSI(Kind.EXECUTABLE, "Windows Installer package"),
    LNK(Kind.EXECUTABLE, "Windows shortcut"),
    // scripts (text)
    SHELL_SCRIPT(Kind.SCRIPT, "script with a #! interpreter line"),
    JAVASCRIPT(Kind.SCRIPT, "JavaScript / JScript"),
    VBSCRIPT(Kind.SCRIPT, "VBScript"),
    HTA(Kind.SCRIPT, "HTML application"),
    POWERSHELL(Kind.SCRIPT, "PowerShell script"),
    BATCH(Kind.SCRIPT, "Windows batch file"),
    // archives and compressed streams
    ZIP(Kind.ARCHIVE, "ZIP archive"),
    JAR(Kind.ARCHIVE, "Java archive"),
    APK(Kind.ARCHIVE, "Android package"),
    SEVEN_ZIP(Kind.ARCHIVE, "7-Zip archive"),
    TAR(Kind.ARCHIVE, "tar archive"),
    AR(Kind.ARCHIVE, "ar archive"),
    CPIO(Kind.ARCHIVE, "cpio archive"),
    ARJ(Kind.ARCHIVE, "ARJ archive"),
    RAR(Kind.ARCHIVE, "RAR archive"),
    CAB(Kind.ARCHIVE, "Microsoft cabinet"),
    GZIP(Kind.COMPRESSED, "gzip stream"),
    BZIP2(Kind.COMPRESSED, "bzip2 stream"),
    XZ(Kind.COMPRESSED, "xz stream"),
    LZMA(Kind.COMPRESSED, "LZMA stream"),
    COMPRESS_Z(Kind.COMPRESSED, "Unix compress (.Z) stream"),
    LZ4(Kind.COMPRESSED, "LZ4 frame"),
    ZSTD(Kind.COMPRESSED, "Zstandard frame"),
    // disk images
    ISO9660(Kind.DISK_IMAGE, "ISO 9660 image"),
    UDF(Kind.DISK_IMAGE, "UDF image"),
    VHD(Kind.DISK_IMAGE, "VHD disk image"),
    VHDX(Kind.DISK_IMAGE, "VHDX disk image"),
    DISK_IMAGE(Kind.DISK_IMAGE, "raw disk image (boot sector with a FAT file system)"),
    // documents
    PDF(Kind.DOCUMENT, "PDF document"),
    RTF(Kind.DOCUMENT, "RTF document"),
    OLE2(Kind.DOCUMENT, "OLE2 compound file (legacy Office and others)"),
    DOCX(Kind.DOCUMENT, "Word OOXML document"),
    XLSX(Kind.DOCUMENT, "Excel OOXML workbook"),
    PPTX(Kind.DOCUMENT, "PowerPoint OOXML presentation"),
    OOXML(Kind.DOCUMENT, "other OOXML package"),
    ODF(Kind.DOCUMENT, "OpenDocument file"),
    HTML(Kind.DOCUMENT, "HTML"),
    SVG(Kind.DOCUMENT, "SVG image (XML, may carry script)"),
    // images
    PNG(Kind.IMAGE, "PNG image"),
    JPEG(Kind.IMAGE, "JPEG image"),
    GIF(Kind.IMAGE, "GIF image"),
    // the rest
    TEXT(Kind.TEXT, "text"),
    BINARY(Kind.OTHER, "unrecognised binary data"),
    EMPTY(Kind.OTHER, "empty");

    public enum Kind { EXECUTABLE, SCRIPT, ARCHIVE, COMPRESSED, DISK_IMAGE, DOCUMENT, IMAGE, TEXT, OTHER }

    private final Kind kind;
    private final String description;

    FileType(Kind kind, String description) {
        this.kind = kind;
        this.description = description;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /** Code that runs when opened: executables and scripts, HTML applications included. */
    public boolean isExecutableOrScript() {
        return kind == Kind.EXECUTABLE || kind == Kind.SCRIPT;
    }
}
