package dev.mamori.core.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Files only their owner may read: created with mode 0600 (directories 0700) where the file system has POSIX modes. */
public final class OwnerOnly {
    private OwnerOnly() {
    }

    /** Creates {@code file} (it must not exist) readable by the owner only, writes and forces {@code bytes}. */
    public static void writeNew(Path file, byte[] bytes) throws IOException {
        if (posix(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        } else {
            Files.createFile(file);
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(bytes);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Sets mode 0600 on an existing file (no-op without POSIX modes). */
    public static void restrictFile(Path file) throws IOException {
        if (posix(file)) {
            Files.setPosixFilePermissions(file, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }

    /** Sets mode 0700 on a directory (no-op without POSIX modes). */
    public static void restrictDirectory(Path dir) throws IOException {
        if (posix(dir)) {
            Files.setPosixFilePermissions(dir, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        }
    }

    public static boolean isOwnerOnly(Path file) throws IOException {
        if (!posix(file)) {
            return true;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        return perms.stream().allMatch(p -> p.name().startsWith("OWNER_"));
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
