package dev.mamori.core.scan.sig;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The ClamAV database formats Mamori reads, known by their file extensions. */
public enum SignatureFormat {
    /** {@code MD5:size:name}. */
    HDB,
    /** {@code hash:size:name[:flevel]} where hash is MD5, SHA-1 or SHA-256 and size may be {@code *}. */
    HSB,
    /** {@code name:target:offset:hexsig[:minfl[:maxfl]]}. */
    NDB;

    /** The format of a file by its extension, or empty for a file Mamori does not read. */
    public static Optional<SignatureFormat> ofFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        return switch (name.substring(dot + 1)) {
            case "hdb" -> Optional.of(HDB);
            case "hsb" -> Optional.of(HSB);
            case "ndb" -> Optional.of(NDB);
            default -> Optional.empty();
        };
    }
}
