package dev.mamori.core.scan.heur;

import java.io.IOException;

/** A rules file line that cannot be read; the message names the line. The file is refused whole. */
public final class RulesSyntaxException extends IOException {
    public RulesSyntaxException(int line, String message) {
        super("line " + line + ": " + message);
    }
}
