package dev.mamori.core.scan.content;

import org.apache.commons.compress.MemoryLimitException;
import org.apache.commons.compress.PasswordRequiredException;

/** Names why an archive or stream could not be read to its end, from the exception the library threw. */
final class Damage {
    private Damage() {
    }

    /**
     * Records the finding for {@code damage} at {@code where}; a decoder that wanted more memory than allowed is a
     * broken limit and ends the walk.
     */
    static void report(Walk walk, ContentPath where, Throwable damage, long decodedBefore)
            throws LimitExceededException {
        if (isMemoryLimit(damage)) {
            throw new LimitExceededException(Limit.DECODER_MEMORY, where, walk.limits().maxDecoderMemory() + " bytes");
        }
        if (has(damage, PasswordRequiredException.class)) {
            walk.finding(Finding.Kind.ENCRYPTED, where, "encrypted content, password required");
            return;
        }
        String suffix = decodedBefore > 0 ? "; the first " + decodedBefore + " bytes were scanned" : "";
        walk.finding(Finding.Kind.CORRUPT, where, describe(damage) + suffix);
    }

    static boolean isMemoryLimit(Throwable t) {
        return has(t, MemoryLimitException.class) || has(t, org.tukaani.xz.MemoryLimitException.class);
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (int i = 0; t != null && i < 10; t = t.getCause(), i++) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
