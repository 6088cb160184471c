package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.content.FileType;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Office documents that carry macros:
 * <ul>
 *   <li>OLE2 (Word/Excel 97-2003) with a {@code Macros}, {@code VBA} or {@code _VBA_PROJECT_CUR} storage or a
 *       {@code _VBA_PROJECT} stream;</li>
 *   <li>OOXML packages with a {@code vbaProject.bin} member or Excel 4.0 macro sheets ({@code xl/macrosheets/}),
 *       reported on the package. The walker also hands over the package's {@code vbaProject.bin} as an OLE2 item of
 *       its own; that one is skipped so that a macro document is one detection, on the file the user opens;</li>
 *   <li>macro-enabled names ({@code .docm}, {@code .xlsm}...) on a package without a VBA project.</li>
 * </ul>
 * Not seen: VBA inside PowerPoint 97 binaries (stored compressed in the document stream), Excel 4.0 macros in .xls
 * (BIFF BOUNDSHEET records), OpenDocument Basic, macros in RTF-embedded objects.
 */
final class OfficeMacroCheck implements HeuristicCheck {
    private static final Set<String> VBA_NAMES = Set.of("macros", "vba", "_vba_project_cur", "_vba_project");
    private static final Set<String> MACRO_ENABLED = Set.of("docm", "dotm", "xlsm", "xltm", "xlam", "pptm",
            "potm", "ppam", "ppsm", "sldm");
    private static final Set<FileType> PACKAGES = Set.of(FileType.ZIP, FileType.DOCX, FileType.XLSX, FileType.PPTX,
            FileType.OOXML);
    private static final String VBA_PROJECT = "vbaproject.bin";

    @Override
    public HeuristicRules.Check key() {
        return HeuristicRules.Check.OFFICE_MACRO;
    }

    @Override
    public void inspect(ContentItem item, HeuristicRules rules, List<Detection> out) throws IOException {
        FileType type = item.detectedType();
        if (type == FileType.OLE2) {
            ole2(item, out);
        } else if (PACKAGES.contains(type)) {
            ooxml(item, out);
        }
    }

    private static void ole2(ContentItem item, List<Detection> out) throws IOException {
        boolean partOfPackage = item.declaredName()
                .map(n -> FileNames.lastSegment(n).toLowerCase(Locale.ROOT).equals(VBA_PROJECT)).orElse(false);
        if (partOfPackage) {
            return;
        }
        Optional<Ole2Directory.Entry> vba = Ole2Directory.entries(item).stream()
                .filter(e -> e.kind() != Ole2Directory.Entry.Kind.ROOT)
                .filter(e -> VBA_NAMES.contains(e.name().toLowerCase(Locale.ROOT)))
                .findFirst();
        vba.ifPresent(e -> out.add(Detections.of(ThreatCategory.SUSPICIOUS, HeuristicNames.OFFICE_MACRO, item,
                Detections.subject(item) + " is an Office document with VBA macros (" + e.name() + " "
                        + e.kind().name().toLowerCase(Locale.ROOT) + ")")));
    }

    private static void ooxml(ContentItem item, List<Detection> out) throws IOException {
        Optional<String> macroPart = ZipEntryNames.of(item).stream()
                .filter(n -> FileNames.lastSegment(n).toLowerCase(Locale.ROOT).equals(VBA_PROJECT)
                        || n.toLowerCase(Locale.ROOT).startsWith("xl/macrosheets/"))
                .findFirst();
        if (macroPart.isPresent()) {
            out.add(Detections.of(ThreatCategory.SUSPICIOUS, HeuristicNames.OFFICE_MACRO, item,
                    Detections.subject(item) + " is an Office document with macros (" + macroPart.get() + ")"));
            return;
        }
        String ext = item.declaredName().map(n -> FileNames.extension(FileNames.effective(n))).orElse("");
        if (MACRO_ENABLED.contains(ext)) {
            out.add(Detections.of(ThreatCategory.SUSPICIOUS, HeuristicNames.OFFICE_MACRO, item,
                    Detections.subject(item) + " is a macro-enabled Office format (." + ext + ")"));
        }
    }
}
