package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.EngineHarness;
import dev.mamori.core.scan.engine.TestMail;
import dev.mamori.core.scan.url.UrlBlocklist;
import dev.mamori.core.scan.url.UrlEngine;
import dev.mamori.core.scan.url.UrlExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the heuristics and URL engines over a generated corpus of malicious-looking and benign look-alike messages
 * and writes {@code target/heuristics-report.txt}: one row per sample with what was expected and what fired, and the
 * detection and false-positive counts. Asserts that every row matches, so the report is also a test.
 */
class HeuristicsReportTest {
    @TempDir
    Path temp;

    private record Sample(String name, byte[] message, String expected) {
    }

    private static String html(String anchor) {
        return "<html><body><p>Dear customer,</p>" + anchor + "</body></html>";
    }

    private static List<Sample> positives() throws Exception {
        List<Sample> s = new ArrayList<>();
        s.add(new Sample("PE named .exe", TestMail.withAttachment("setup.exe", Samples.pe()), "Heuristic.Executable.PE"));
        s.add(new Sample("PE named .pdf", TestMail.withAttachment("invoice.pdf", Samples.pe()), "Heuristic.ExtensionMismatch"));
        s.add(new Sample("PE in a zip", TestMail.withAttachment("docs.zip", Samples.zip("a.exe", Samples.pe())), "Heuristic.Executable.PE"));
        s.add(new Sample("ELF", TestMail.withAttachment("tool", Samples.elf()), "Heuristic.Executable.ELF"));
        s.add(new Sample("Mach-O", TestMail.withAttachment("tool.bin", Samples.machO()), "Heuristic.Executable.MachO"));
        s.add(new Sample("LNK", TestMail.withAttachment("doc.lnk", Samples.lnk()), "Heuristic.Shortcut"));
        s.add(new Sample("ISO", TestMail.withAttachment("scan.iso", Samples.iso()), "Heuristic.DiskImage"));
        s.add(new Sample("VHD", TestMail.withAttachment("disk.vhd", Samples.vhd()), "Heuristic.DiskImage"));
        s.add(new Sample("JScript", TestMail.withAttachment("a.txt.js", Samples.js()), "Heuristic.Script.JS"));
        s.add(new Sample("VBScript", TestMail.withAttachment("a.vbs", Samples.vbs()), "Heuristic.Script.VBS"));
        s.add(new Sample("PowerShell", TestMail.withAttachment("a.ps1", Samples.ps1()), "Heuristic.Script.PS1"));
        s.add(new Sample("Batch", TestMail.withAttachment("a.bat", Samples.bat()), "Heuristic.Script.BAT"));
        s.add(new Sample("HTA", TestMail.withAttachment("a.hta", Samples.hta()), "Heuristic.Script.HTA"));
        s.add(new Sample("WSF", TestMail.withAttachment("a.wsf", Samples.wsf()), "Heuristic.Script.WSF"));
        s.add(new Sample(".cmd by name", TestMail.withAttachment("run.cmd", TestMail.ascii("echo x\r\n")), "Heuristic.BlockedExtension"));
        s.add(new Sample("invoice.pdf.exe", TestMail.withAttachment("invoice.pdf.exe", Samples.text()), "Heuristic.DoubleExtension"));
        s.add(new Sample("padded photo.jpg .scr", TestMail.withAttachment("photo.jpg        .scr", Samples.text()), "Heuristic.DoubleExtension"));
        s.add(new Sample("RLO invoice<U+202E>fdp.exe", TestMail.withAttachment("invoice\u202Efdp.exe", Samples.text()), "Heuristic.DoubleExtension"));
        s.add(new Sample(".txt that is a zip", TestMail.withAttachment("notes.txt", Samples.zip("a", Samples.text())), "Heuristic.ExtensionMismatch"));
        s.add(new Sample("OLE2 .doc with VBA", TestMail.withAttachment("order.doc", Ole2Files.compound("WordDocument", "/Macros", "/VBA")), "Heuristic.OfficeMacro"));
        s.add(new Sample("OLE2 .xls with VBA", TestMail.withAttachment("book.xls", Ole2Files.compound("Workbook", "/_VBA_PROJECT_CUR", "/VBA")), "Heuristic.OfficeMacro"));
        s.add(new Sample("docx with vbaProject.bin", TestMail.withAttachment("report.docx", Samples.docx(true)), "Heuristic.OfficeMacro"));
        s.add(new Sample("xlsx with Excel 4 macro sheet", TestMail.withAttachment("book.xlsx", Samples.xlsx(true)), "Heuristic.OfficeMacro"));
        s.add(new Sample(".xlsm by name", TestMail.withAttachment("book.xlsm", Samples.xlsx(false)), "Heuristic.OfficeMacro"));
        s.add(new Sample("link text www.mybank.com → evil", TestMail.html(html("<a href=\"http://evil.example/login\">https://www.mybank.com</a>")), "Heuristic.DeceptiveLink"));
        s.add(new Sample("link text → IP", TestMail.html(html("<a href=\"http://198.51.100.7/\">www.mybank.co.uk</a>")), "Heuristic.DeceptiveLink"));
        s.add(new Sample("listed host in HTML", TestMail.html(html("<a href=\"https://cdn.evil.example/p\">parcel</a>")), "Url.Blocklisted"));
        s.add(new Sample("listed URL in text", TestMail.text("get it at http://dl.example/bins/x.exe"), "Url.Blocklisted"));
        return s;
    }

    private static List<Sample> benign() throws Exception {
        List<Sample> s = new ArrayList<>();
        s.add(new Sample("docx", TestMail.withAttachment("report.docx", Samples.docx(false)), ""));
        s.add(new Sample("xlsx", TestMail.withAttachment("table.xlsx", Samples.xlsx(false)), ""));
        s.add(new Sample("PDF named .pdf", TestMail.withAttachment("brochure.pdf", Samples.pdf()), ""));
        s.add(new Sample("text named .txt", TestMail.withAttachment("notes.txt", Samples.text()), ""));
        s.add(new Sample("real .jpg", TestMail.withAttachment("holiday.jpg", Samples.jpeg()), ""));
        s.add(new Sample("OLE2 .doc without VBA", TestMail.withAttachment("old.doc", Ole2Files.compound("WordDocument", "1Table")), ""));
        s.add(new Sample("RTF named .doc", TestMail.withAttachment("letter.doc", TestMail.ascii("{\\rtf1 hi}")), ""));
        s.add(new Sample("HTML named .xls (export)", TestMail.withAttachment("export.xls", TestMail.ascii("<html><table></table></html>")), ""));
        s.add(new Sample("zip of documents", TestMail.withAttachment("docs.zip", Samples.zip("a.pdf", Samples.pdf(), "b.txt", Samples.text())), ""));
        s.add(new Sample("setup.v2.pdf (dotted name)", TestMail.withAttachment("setup.v2.pdf", Samples.pdf()), ""));
        s.add(new Sample("link text not a URL", TestMail.html(html("<a href=\"http://shop.example/\">Click here</a>")), ""));
        s.add(new Sample("link to a subdomain of the shown site", TestMail.html(html("<a href=\"https://login.mybank.com/\">www.mybank.com</a>")), ""));
        s.add(new Sample("Safe Links rewritten href", TestMail.html(html("<a href=\"https://eur01.safelinks.protection.outlook.com/?url=x\">https://www.mybank.com</a>")), ""));
        s.add(new Sample("file name as link text", TestMail.html(html("<a href=\"https://files.example/\">minutes.pdf</a>")), ""));
        s.add(new Sample("unlisted look-alike host", TestMail.text("see http://notevil.example/ and http://evil.example.org/"), ""));
        s.add(new Sample("prose naming commands", TestMail.withAttachment("advice.txt", TestMail.ascii("Run Get-Process and send me the output.\n")), ""));
        return s;
    }

    @Test
    void detectionAndFalsePositiveTable() throws Exception {
        ContentEngine heuristics = new HeuristicEngine();
        ContentEngine urls = new UrlEngine(UrlBlocklist.of("evil.example", "http://dl.example/bins/x.exe"),
                new UrlExtractor());
        StringBuilder report = new StringBuilder("Heuristics and URL engines: generated corpus\n\n");
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (var section : Map.of("DETECTION (must fire)", positives(), "FALSE POSITIVES (must stay clean)",
                benign()).entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            report.append(section.getKey()).append('\n');
            report.append(String.format(Locale.ROOT, "  %-40s %-28s %-6s %s%n", "sample", "expected", "result",
                    "detections"));
            int ok = 0;
            for (Sample s : section.getValue()) {
                List<Detection> ds = new ArrayList<>(EngineHarness.scan(heuristics, s.message(), temp));
                ds.addAll(EngineHarness.scan(urls, s.message(), temp));
                String fired = ds.stream().map(d -> d.name() + "/" + d.category().name().toLowerCase(Locale.ROOT))
                        .distinct().collect(Collectors.joining(", "));
                boolean pass = s.expected().isEmpty() ? ds.isEmpty()
                        : ds.stream().anyMatch(d -> d.name().equals(s.expected()));
                ok += pass ? 1 : 0;
                if (!pass) {
                    wrong.add(s.name() + ": " + (fired.isEmpty() ? "nothing" : fired));
                }
                report.append(String.format(Locale.ROOT, "  %-40s %-28s %-6s %s%n", s.name(),
                        s.expected().isEmpty() ? "(nothing)" : s.expected(), pass ? "ok" : "WRONG",
                        fired.isEmpty() ? "-" : fired));
            }
            counts.put(section.getKey(), ok);
            report.append(String.format(Locale.ROOT, "  %d of %d as expected%n%n", ok, section.getValue().size()));
        }
        Path out = Path.of("target", "heuristics-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.print(report);
        assertThat(wrong).isEmpty();
        assertThat(counts).hasSize(2);
    }
}
