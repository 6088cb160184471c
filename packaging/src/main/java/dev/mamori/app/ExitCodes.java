package dev.mamori.app;

/** Exit codes of the {@code mamori} command, documented in its {@code --help}. */
final class ExitCodes {
    static final int OK = 0;
    static final int CONFIG_INVALID = 1;
    /** Picocli's own code for a usage error. */
    static final int USAGE = 2;
    static final int CANNOT_START = 3;
    static final int INTERNAL_ERROR = 4;
    /** The admin server refused the command or could not be reached. */
    static final int REMOTE_FAILED = 5;

    private ExitCodes() {
    }
}
