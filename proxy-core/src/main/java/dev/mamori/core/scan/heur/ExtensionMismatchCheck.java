package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.content.FileType;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A document or picture name on content that can act: {@code report.pdf} that is a PE, {@code notes.txt} that is a
 * zip, {@code scan.jpg} that is HTML. Only active content counts (executables, scripts, archives, compressed
 * streams, disk images, HTML, SVG): a {@code .doc} that is RTF or HTML, an {@code .xls} that is HTML, a
 * {@code .jpg} that is a PNG are what ordinary software writes, and a {@code .docx} is a zip by design (OOXML is
 * told apart by its members; a package whose members were not visible to the detector still passes, its members are
 * scanned anyway). Extensions missing from the table are not judged.
 */
final class ExtensionMismatchCheck implements HeuristicCheck {
    private static final Set<FileType> ZIP_PACKAGES = EnumSet.of(FileType.ZIP, FileType.DOCX, FileType.XLSX,
            FileType.PPTX, FileType.OOXML);
    private static final Set<FileType> ANY_ZIP = EnumSet.of(FileType.ZIP, FileType.JAR, FileType.APK, FileType.DOCX,
            FileType.XLSX, FileType.PPTX, FileType.OOXML, FileType.ODF);
    private static final Set<FileType> TEXT_LIKE = EnumSet.of(FileType.HTML, FileType.SVG, FileType.SHELL_SCRIPT,
            FileType.JAVASCRIPT, FileType.VBSCRIPT, FileType.POWERSHELL, FileType.BATCH);

    /** Active types each extension may legitimately hold; any other active type is a mismatch. */
    private static final Map<String, Set<FileType>> TOLERATED = Map.ofEntries(
            Map.entry("pdf", Set.of()),
            Map.entry("doc", Set.of(FileType.HTML)), Map.entry("dot", Set.of(FileType.HTML)),
            Map.entry("xls", Set.of(FileType.HTML)), Map.entry("ppt", Set.of()),
            Map.entry("rtf", Set.of()),
            Map.entry("docx", ZIP_PACKAGES), Map.entry("docm", ZIP_PACKAGES), Map.entry("dotx", ZIP_PACKAGES),
            Map.entry("dotm", ZIP_PACKAGES), Map.entry("xlsx", ZIP_PACKAGES), Map.entry("xlsm", ZIP_PACKAGES),
            Map.entry("xltx", ZIP_PACKAGES), Map.entry("xlsb", ZIP_PACKAGES), Map.entry("pptx", ZIP_PACKAGES),
            Map.entry("pptm", ZIP_PACKAGES), Map.entry("ppsx", ZIP_PACKAGES), Map.entry("vsdx", ZIP_PACKAGES),
            Map.entry("odt", Set.of(FileType.ODF, FileType.ZIP)), Map.entry("ods", Set.of(FileType.ODF, FileType.ZIP)),
            Map.entry("odp", Set.of(FileType.ODF, FileType.ZIP)),
            Map.entry("txt", TEXT_LIKE), Map.entry("csv", TEXT_LIKE), Map.entry("log", TEXT_LIKE),
            Map.entry("md", TEXT_LIKE), Map.entry("xml", TEXT_LIKE),
            Map.entry("htm", Set.of(FileType.HTML, FileType.SVG)), Map.entry("html", Set.of(FileType.HTML, FileType.SVG)),
            Map.entry("jpg", Set.of()), Map.entry("jpeg", Set.of()), Map.entry("png", Set.of()),
            Map.entry("gif", Set.of()), Map.entry("bmp", Set.of()), Map.entry("tif", Set.of()),
            Map.entry("tiff", Set.of()), Map.entry("svg", Set.of(FileType.SVG, FileType.HTML)),
            Map.entry("mp3", Set.of()), Map.entry("mp4", Set.of()), Map.entry("wav", Set.of()),
            Map.entry("avi", Set.of()), Map.entry("mov", Set.of()),
            Map.entry("zip", ANY_ZIP), Map.entry("7z", Set.of(FileType.SEVEN_ZIP)), Map.entry("rar", Set.of(FileType.RAR)),
            Map.entry("gz", Set.of(FileType.GZIP)), Map.entry("tgz", Set.of(FileType.GZIP)),
            Map.entry("tar", Set.of(FileType.TAR)), Map.entry("bz2", Set.of(FileType.BZIP2)),
            Map.entry("xz", Set.of(FileType.XZ)), Map.entry("cab", Set.of(FileType.CAB)));

    @Override
    public HeuristicRules.Check key() {
        return HeuristicRules.Check.EXTENSION_MISMATCH;
    }

    @Override
    public void inspect(ContentItem item, HeuristicRules rules, List<Detection> out) {
        if (item.declaredName().isEmpty()) {
            return;
        }
        String ext = FileNames.extension(FileNames.effective(item.declaredName().get()));
        Set<FileType> tolerated = TOLERATED.get(ext);
        FileType type = item.detectedType();
        if (tolerated != null && isActive(type) && !tolerated.contains(type)) {
            out.add(Detections.of(ThreatCategory.SUSPICIOUS, HeuristicNames.EXTENSION_MISMATCH, item,
                    Detections.subject(item) + " is named ." + ext + " but is a " + type.description()));
        }
    }

    private static boolean isActive(FileType t) {
        return switch (t.kind()) {
            case EXECUTABLE, SCRIPT, ARCHIVE, COMPRESSED, DISK_IMAGE -> true;
            default -> t == FileType.HTML || t == FileType.SVG;
        };
    }
}
