package dev.mamori.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Real files on this machine used as benchmark material. Shared libraries are split in two disjoint halves: signatures
 * are cut from one half (and from the JDK's own libraries), the scanned executables come from the other, so matches
 * are as rare as in real mail.
 */
final class MachineFiles {
    private static final Path SYSTEM_LIBS = Path.of("/usr/lib/x86_64-linux-gnu");
    private static final Path JDK_LIBS = Path.of(System.getProperty("java.home"), "lib");

    private MachineFiles() {
    }

    static List<Path> signatureSources() {
        List<Path> sources = new ArrayList<>(list(JDK_LIBS, 1, p -> p.toString().endsWith(".so")));
        List<Path> system = sharedLibraries();
        for (int i = 0; i < system.size(); i += 2) {
            sources.add(system.get(i));
        }
        return sources;
    }

    static List<Path> scannedExecutables() {
        List<Path> system = sharedLibraries();
        List<Path> scanned = new ArrayList<>();
        for (int i = 1; i < system.size(); i += 2) {
            scanned.add(system.get(i));
        }
        return scanned;
    }

    /** Compressed and media files, the bytes a base64 attachment decodes to. */
    static List<Path> attachmentLike() {
        Predicate<Path> media = p -> {
            String n = p.getFileName().toString();
            return n.endsWith(".gz") || n.endsWith(".png") || n.endsWith(".jar") || n.endsWith(".zip")
                    || n.endsWith(".jpg") || n.endsWith(".pdf");
        };
        List<Path> files = new ArrayList<>(list(Path.of("/usr/share"), 8, media));
        files.addAll(list(Path.of("/usr/lib/jvm"), 6, media));
        return files;
    }

    private static List<Path> sharedLibraries() {
        return list(SYSTEM_LIBS, 1, p -> p.getFileName().toString().contains(".so"));
    }

    private static List<Path> list(Path dir, int depth, Predicate<Path> filter) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir, depth)) {
            return files.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p)).filter(filter)
                    .filter(p -> size(p) > 4096).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
