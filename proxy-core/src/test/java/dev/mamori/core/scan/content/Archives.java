package dev.mamori.core.scan.content;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.CompressorOutputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds archives of every format Commons Compress writes, in memory. */
final class Archives {
    private Archives() {
    }

    static Map<String, byte[]> entries(Object... nameThenBytes) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            m.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return m;
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] tar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (var e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] ar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
            for (var e : entries.entrySet()) {
                ar.putArchiveEntry(new ArArchiveEntry(e.getKey(), e.getValue().length));
                ar.write(e.getValue());
                ar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] cpio(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(out)) {
            for (var e : entries.entrySet()) {
                CpioArchiveEntry entry = new CpioArchiveEntry(e.getKey(), e.getValue().length);
                entry.setMode(CpioArchiveEntry.C_ISREG | 0644);
                cpio.putArchiveEntry(entry);
                cpio.write(e.getValue());
                cpio.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] sevenZip(Map<String, byte[]> entries) throws IOException {
        return sevenZip(entries, SevenZMethod.LZMA2);
    }

    static byte[] sevenZip(Map<String, byte[]> entries, SevenZMethod method) throws IOException {
        SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel();
        try (SevenZOutputFile sz = new SevenZOutputFile(channel)) {
            sz.setContentCompression(method);
            for (var e : entries.entrySet()) {
                SevenZArchiveEntry entry = new SevenZArchiveEntry();
                entry.setName(e.getKey());
                sz.putArchiveEntry(entry);
                sz.write(e.getValue());
                sz.closeArchiveEntry();
            }
        }
        return Arrays.copyOf(channel.array(), (int) channel.size());
    }

    /** {@code format} is a {@link CompressorStreamFactory} name: gz, bzip2, xz, lzma, lz4-framed, deflate. */
    static byte[] compress(String format, byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CompressorOutputStream<? extends OutputStream> c =
                     new CompressorStreamFactory().createCompressorOutputStream(format, out)) {
            c.write(content);
        }
        return out.toByteArray();
    }

}
