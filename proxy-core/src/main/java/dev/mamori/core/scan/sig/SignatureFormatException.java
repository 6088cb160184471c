package dev.mamori.core.scan.sig;

/**
 * A signature database line that does not parse. The message names the source (file name) and line number, so an
 * operator can find it: {@code daily.ndb:1234: bad hex digit 'g' in signature "Foo.Bar"}.
 */
public final class SignatureFormatException extends Exception {
    private final String source;
    private final int line;

    public SignatureFormatException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** The name of the database the line came from (usually a file name). */
    public String source() {
        return source;
    }

    /** The 1-based line number. */
    public int line() {
        return line;
    }
}
