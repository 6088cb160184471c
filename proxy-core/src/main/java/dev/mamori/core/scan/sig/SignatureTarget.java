package dev.mamori.core.scan.sig;

import dev.mamori.core.scan.content.FileType;

import java.util.Optional;

/**
 * The kinds of content a ClamAV body signature can be restricted to (the {@code TargetType} field of {@code .ndb}
 * lines). A signature with target {@link #ANY} applies to every item, any other only to items of that type. Items
 * are usually described by the walker's {@link FileType}, mapped here by {@link #of(FileType)}; {@link #MAIL} is what
 * the whole message is scanned as.
 */
public enum SignatureTarget {
    ANY(0),
    PE(1),
    OLE2(2),
    /** ClamAV matches these against normalized HTML; Mamori matches the raw text for now. */
    HTML(3),
    MAIL(4),
    GRAPHICS(5),
    ELF(6),
    /** ClamAV matches these against normalized text; Mamori matches the raw text. */
    ASCII_TEXT(7),
    MACH_O(9);

    private final int clamAvNumber;

    SignatureTarget(int clamAvNumber) {
        this.clamAvNumber = clamAvNumber;
    }

    /** The number ClamAV uses for this target in {@code .ndb} files. */
    public int clamAvNumber() {
        return clamAvNumber;
    }

    /** The target with this ClamAV number, or empty for numbers Mamori cannot detect (PDF, Flash, Java class...). */
    public static Optional<SignatureTarget> ofClamAvNumber(int number) {
        for (SignatureTarget t : values()) {
            if (t.clamAvNumber == number) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The target whose signatures apply to an item the walker detected as {@code type}. Types ClamAV has no target
     * for map to {@link #ANY}: only unrestricted signatures apply to them.
     */
    public static SignatureTarget of(FileType type) {
        return switch (type) {
            case PE -> PE;
            // MSI packages are OLE2 compound files
            case OLE2, MSI -> OLE2;
            case HTML, HTA -> HTML;
            case PNG, JPEG, GIF -> GRAPHICS;
            case ELF -> ELF;
            case MACH_O, MACH_O_FAT -> MACH_O;
            case TEXT, SHELL_SCRIPT, JAVASCRIPT, VBSCRIPT, POWERSHELL, BATCH -> ASCII_TEXT;
            default -> ANY;
        };
    }

    /** Whether a signature restricted to {@code this} applies to an item whose detected type is {@code item}. */
    boolean appliesTo(SignatureTarget item) {
        return this == ANY || this == item;
    }
}
