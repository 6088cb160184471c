package dev.mamori.core.scan.sig;

/** The rule for signature names, shared by every format: names end up in verdicts, logs and mail headers. */
final class SignatureNames {
    private static final int MAX_LENGTH = 256;

    private SignatureNames() {
    }

    static String check(String name) throws InvalidSignatureException {
        if (name.isEmpty()) {
            throw InvalidSignatureException.malformed("empty signature name");
        }
        if (name.length() > MAX_LENGTH) {
            throw InvalidSignatureException.malformed("signature name longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // a name travels into X-Mamori-* headers and replies: no control characters, so no CR/LF injection
            if (c < 0x20 || c == 0x7F) {
                throw InvalidSignatureException.malformed("control character in signature name");
            }
        }
        return name;
    }
}
