package dev.mamori.core.scan.sig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in EICAR test signature. The 68-byte test string is assembled at run time from pieces, so that no class
 * file or source file of Mamori contains it whole: another scanner looking at Mamori's jar must find nothing.
 */
final class Eicar {
    static final String NAME = "Eicar-Test-Signature";

    private Eicar() {
    }

    /** The standard EICAR test file content (68 bytes). */
    static byte[] testFile() {
        String[] pieces = {"X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-", "ANTIVIRUS-TEST-FILE!", "$H+H*"};
        byte[] bytes = String.join("", pieces).getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != 68) {
            throw new IllegalStateException("EICAR string is " + bytes.length + " bytes, not 68");
        }
        return bytes;
    }

    /** Matches the test string anywhere in an item of any type: mail bodies carry it inline too. */
    static BodySignature signature() {
        List<PatternElement> elements = new ArrayList<>();
        for (byte b : testFile()) {
            elements.add(new PatternElement.ByteClass(b & 0xFF, 0xFF));
        }
        return new BodySignature(NAME, SignatureTarget.ANY, OffsetRange.ANYWHERE,
                new BodyPattern(List.of(elements), List.of(0)));
    }
}
