package dev.mamori.core.scan.clamd;

import java.io.IOException;

/**
 * clamd could not give a verdict: unreachable, timed out, busy, or it answered with an error. An {@link IOException},
 * so that the scan becomes a scanner error (policy: 451 / -ERR [SYS/TEMP]), never a silent pass.
 */
public class ClamdException extends IOException {
    public ClamdException(String message) {
        super(message);
    }

    public ClamdException(String message, Throwable cause) {
        super(message, cause);
    }
}
