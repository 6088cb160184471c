package dev.mamori.app.log;

import dev.mamori.core.log.Redaction;

import java.util.Objects;

/**
 * A copy of an exception chain whose messages had credentials in them ("unexpected command PASS hunter2"): same
 * class name in the output, same stack traces, masked messages. Exceptions without anything to mask are kept as
 * they are, so the common case costs one scan of each message.
 */
final class RedactedThrowable extends Throwable {
    /** Guards against cause cycles and absurd chains. */
    private static final int MAX_DEPTH = 32;

    private final String originalClassName;

    private RedactedThrowable(Throwable original, String message, Throwable cause) {
        super(message, cause);
        this.originalClassName = original.getClass().getName();
        setStackTrace(original.getStackTrace());
    }

    /** {@code thrown} itself when nothing in its chain needs masking, else a masked copy of the chain. */
    static Throwable of(Throwable thrown) {
        if (thrown == null || !needsMasking(thrown, 0)) {
            return thrown;
        }
        return copy(thrown, 0);
    }

    private static boolean needsMasking(Throwable t, int depth) {
        if (t == null || depth > MAX_DEPTH) {
            return false;
        }
        if (!Objects.equals(t.getMessage(), Redaction.text(t.getMessage()))) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (needsMasking(s, depth + 1)) {
                return true;
            }
        }
        return t.getCause() != t && needsMasking(t.getCause(), depth + 1);
    }

    /** Beyond {@link #MAX_DEPTH} the chain is cut rather than copied: an unmasked tail would defeat the copy. */
    private static Throwable copy(Throwable t, int depth) {
        boolean deeper = depth < MAX_DEPTH;
        Throwable cause = deeper && t.getCause() != null && t.getCause() != t ? copy(t.getCause(), depth + 1) : null;
        RedactedThrowable copy = new RedactedThrowable(t, Redaction.text(t.getMessage()), cause);
        if (deeper) {
            for (Throwable s : t.getSuppressed()) {
                copy.addSuppressed(copy(s, depth + 1));
            }
        }
        return copy;
    }

    /** As the original would print itself, so a stack trace reads the same apart from the masks. */
    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? originalClassName : originalClassName + ": " + message;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // replaced by the original's trace in the constructor
    }
}
