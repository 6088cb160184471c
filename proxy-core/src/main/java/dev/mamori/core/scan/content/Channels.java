package dev.mamori.core.scan.content;

import java.io.Closeable;
import java.io.IOException;

final class Channels {
    private Channels() {
    }

    /** For the failure path only, where the first exception is the one worth reporting. */
    static void closeQuietly(Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // already failing
        }
    }
}
