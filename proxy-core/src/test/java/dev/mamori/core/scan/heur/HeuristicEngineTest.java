package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.FileType;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.EngineHarness;
import dev.mamori.core.scan.engine.TestMail;
import dev.mamori.core.scan.engine.ThreatCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class HeuristicEngineTest {
    @TempDir
    Path temp;

    private final HeuristicEngine engine = new HeuristicEngine();

    private List<Detection> attach(String name, byte[] content) throws IOException {
        return EngineHarness.scan(engine, TestMail.withAttachment(name, content), temp);
    }

    private static List<String> names(List<Detection> ds) {
        return ds.stream().map(Detection::name).toList();
    }

    static Stream<Arguments> executableContent() {
        return Stream.of(
                Arguments.of("setup.bin", Samples.pe(), "Heuristic.Executable.PE", ThreatCategory.BLOCKED_ATTACHMENT),
                Arguments.of("tool", Samples.elf(), "Heuristic.Executable.ELF", ThreatCategory.SUSPICIOUS),
                Arguments.of("tool.bin", Samples.machO(), "Heuristic.Executable.MachO", ThreatCategory.SUSPICIOUS),
                Arguments.of("link.dat", Samples.lnk(), "Heuristic.Shortcut", ThreatCategory.BLOCKED_ATTACHMENT),
                Arguments.of("disk.dat", Samples.iso(), "Heuristic.DiskImage", ThreatCategory.BLOCKED_ATTACHMENT),
                Arguments.of("disk2.dat", Samples.vhd(), "Heuristic.DiskImage", ThreatCategory.BLOCKED_ATTACHMENT),
                Arguments.of("a.dat", Samples.js(), "Heuristic.Script.JS", ThreatCategory.SUSPICIOUS),
                Arguments.of("a.dat", Samples.vbs(), "Heuristic.Script.VBS", ThreatCategory.SUSPICIOUS),
                Arguments.of("a.dat", Samples.ps1(), "Heuristic.Script.PS1", ThreatCategory.SUSPICIOUS),
                Arguments.of("a.dat", Samples.bat(), "Heuristic.Script.BAT", ThreatCategory.SUSPICIOUS),
                Arguments.of("a.dat", Samples.hta(), "Heuristic.Script.HTA", ThreatCategory.BLOCKED_ATTACHMENT),
                Arguments.of("a.dat", Samples.wsf(), "Heuristic.Script.WSF", ThreatCategory.SUSPICIOUS));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource
    void executableContent(String name, byte[] content, String expected, ThreatCategory category) throws IOException {
        List<Detection> ds = attach(name, content);
        assertThat(ds).filteredOn(d -> d.name().equals(expected)).singleElement()
                .satisfies(d -> {
                    assertThat(d.category()).isEqualTo(category);
                    assertThat(d.engine()).isEqualTo("heuristics");
                    assertThat(d.path().render()).endsWith(name);
                });
    }

    @Test
    void msiIsAnInstallerNotAMacroDocument() throws IOException {
        byte[] msi = Ole2Files.compound("/VBA");
        // the root CLSID decides MSI; patch it into the root entry (sector 1, offset 0x50)
        byte[] guid = {(byte) 0x84, 0x10, 0x0C, 0, 0, 0, 0, 0, (byte) 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
        System.arraycopy(guid, 0, msi, 1024 + 0x50, 16);
        assertThat(names(attach("setup.msi", msi))).containsExactly("Heuristic.Executable.MSI");
    }

    @Test
    void blockedExtensionOnlyWhenContentDidNotBlockAlready() throws IOException {
        assertThat(attach("run.cmd", TestMail.ascii("echo hello\r\n")))
                .extracting(Detection::name, Detection::category)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Heuristic.BlockedExtension",
                        ThreatCategory.BLOCKED_ATTACHMENT));
        assertThat(names(attach("program.exe", Samples.pe()))).containsExactly("Heuristic.Executable.PE");
    }

    @Test
    void blockedExtensionInsideAnArchive() throws IOException {
        List<Detection> ds = attach("bundle.zip", Samples.zip("docs/readme.txt", Samples.text(),
                "docs/start.js", TestMail.ascii("// harmless text\n")));
        assertThat(ds).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("Heuristic.BlockedExtension");
            assertThat(d.path().render()).endsWith("bundle.zip \u203a docs/start.js");
        });
    }

    static Stream<String> doubleExtensions() {
        return Stream.of("invoice.pdf.exe", "INVOICE.PDF.EXE", "photo.jpg .scr", "photo.jpg      .scr",
                "scan.pdf.........exe", "invoice\u202Efdp.exe", "report\u202Excod.js", "document.doc_.exe",
                "notice                                .exe", "invoice.pdf.exe.", "invoice.pdf.exe   ",
                "invoice.pdf\u200B.exe", "photo.jpg\u3000\u3000\u3000.scr");
    }

    @ParameterizedTest
    @MethodSource
    void doubleExtensions(String name) throws IOException {
        assertThat(names(attach(name, Samples.text()))).contains("Heuristic.DoubleExtension");
    }

    static Stream<String> ordinaryDottedNames() {
        return Stream.of("setup.v2.exe", "npp.8.5.Installer.x64.exe", "report.final.pdf", "photo.2024.01.jpg",
                "archive.tar.gz", "minutes 2024.pdf", "invoice.pdf", "a.b.c.txt");
    }

    @ParameterizedTest
    @MethodSource
    void ordinaryDottedNames(String name) throws IOException {
        assertThat(names(attach(name, Samples.text()))).doesNotContain("Heuristic.DoubleExtension");
    }

    @Test
    void extensionMismatchForActiveContentUnderADocumentName() throws IOException {
        assertThat(attach("report.pdf", Samples.pe())).extracting(Detection::name)
                .containsExactly("Heuristic.Executable.PE", "Heuristic.ExtensionMismatch");
        assertThat(attach("notes.txt", Samples.zip("a.txt", Samples.text()))).extracting(Detection::name)
                .containsExactly("Heuristic.ExtensionMismatch");
        assertThat(attach("scan.jpg", TestMail.ascii("<html><body><form action=\"x\"></form></body></html>")))
                .extracting(Detection::detail).singleElement().asString()
                .contains("'scan.jpg' is named .jpg but is a HTML");
    }

    static Stream<Arguments> benignLookAlikes() throws IOException {
        return Stream.of(
                Arguments.of("report.docx", Samples.docx(false)),
                Arguments.of("table.xlsx", Samples.xlsx(false)),
                Arguments.of("brochure.pdf", Samples.pdf()),
                Arguments.of("notes.txt", Samples.text()),
                Arguments.of("holiday.jpg", Samples.jpeg()),
                Arguments.of("letter.doc", TestMail.ascii("{\\rtf1\\ansi Dear customer}")),
                Arguments.of("export.xls", TestMail.ascii("<html><body><table><tr><td>1</td></tr></table></body></html>")),
                Arguments.of("old.doc", Ole2Files.compound("WordDocument", "1Table", "\u0005SummaryInformation")),
                Arguments.of("files.zip", Samples.zip("a.txt", Samples.text(), "b.pdf", Samples.pdf())),
                Arguments.of("page.html", TestMail.ascii("<html><body><a href=\"https://www.example.org/\">"
                        + "Example</a></body></html>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void benignLookAlikes(String name, byte[] content) throws IOException {
        assertThat(attach(name, content)).isEmpty();
    }

    @Test
    void ole2WithVbaStorage() throws IOException {
        assertThat(attach("invoice.doc", Ole2Files.compound("WordDocument", "/Macros", "/VBA", "_VBA_PROJECT", "dir")))
                .singleElement().satisfies(d -> {
                    assertThat(d.name()).isEqualTo("Heuristic.OfficeMacro");
                    assertThat(d.detail()).contains("Macros storage");
                });
        assertThat(names(attach("book.xls", Ole2Files.compound("Workbook", "/_VBA_PROJECT_CUR", "/VBA"))))
                .containsExactly("Heuristic.OfficeMacro");
    }

    @Test
    void ole2DirectoryFarIntoALargeFileIsRead() throws IOException {
        byte[] big = Ole2Files.compound(120, "WordDocument", "1Table", "Data", "CompObj", "ObjectPool",
                "/Macros", "/VBA");
        assertThat(big.length).isGreaterThan(60 * 1024);
        assertThat(names(attach("big.doc", big))).containsExactly("Heuristic.OfficeMacro");
    }

    @Test
    void ooxmlWithVbaProjectIsReportedOnceOnThePackage() throws IOException {
        List<Detection> ds = attach("report.docx", Samples.docx(true));
        assertThat(ds).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("Heuristic.OfficeMacro");
            assertThat(d.path().render()).endsWith("report.docx");
            assertThat(d.detail()).contains("word/vbaProject.bin");
        });
    }

    @Test
    void excel4MacroSheetsAndMacroEnabledNames() throws IOException {
        assertThat(names(attach("book.xlsx", Samples.xlsx(true)))).containsExactly("Heuristic.OfficeMacro");
        assertThat(attach("template.xlsm", Samples.xlsx(false))).singleElement()
                .satisfies(d -> assertThat(d.detail()).contains("macro-enabled Office format (.xlsm)"));
    }

    @Test
    void malformedOle2DirectoryEndsWithoutLooping() throws IOException {
        byte[] cyclic = Ole2Files.withDirectoryCycle(Ole2Files.compound("WordDocument", "1Table", "Data", "x", "y"));
        assertThat(attach("loop.doc", cyclic)).isEmpty();
    }

    @Test
    void checksCanBeSwitchedOffAndTypesUnblocked() throws IOException {
        HeuristicEngine lenient = new HeuristicEngine(HeuristicRules.defaults()
                .withChecks(EnumSet.complementOf(EnumSet.of(HeuristicRules.Check.DOUBLE_EXTENSION)))
                .withBlockedTypes(Set.of(FileType.LNK)));
        List<Detection> ds = EngineHarness.scan(lenient, TestMail.withAttachment("invoice.pdf.dat", Samples.pe()),
                temp);
        assertThat(ds).extracting(Detection::name, Detection::category).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Heuristic.Executable.PE", ThreatCategory.SUSPICIOUS));
    }

    @Test
    void peNamedAsDoubleExtensionCollectsEveryReason() throws IOException {
        assertThat(names(attach("invoice.pdf.exe", Samples.pe())))
                .containsExactly("Heuristic.Executable.PE", "Heuristic.DoubleExtension");
    }
}
