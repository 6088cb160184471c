package dev.mamori.core.scan.sig;

/**
 * A problem with one signature line, before it is known which file and line it came from; the loader turns it into a
 * {@link SignatureFormatException} naming both. {@link #unsupported()} problems are syntax that is valid ClamAV but
 * that Mamori cannot honour (an offset relative to the PE entry point, a PDF target): such signatures are skipped and
 * counted rather than failing the load, because matching them without the constraint would be wrong.
 */
final class InvalidSignatureException extends Exception {
    private final boolean unsupported;

    private InvalidSignatureException(String message, boolean unsupported) {
        super(message, null, false, false);
        this.unsupported = unsupported;
    }

    static InvalidSignatureException malformed(String message) {
        return new InvalidSignatureException(message, false);
    }

    static InvalidSignatureException unsupported(String message) {
        return new InvalidSignatureException(message, true);
    }

    boolean unsupported() {
        return unsupported;
    }
}
