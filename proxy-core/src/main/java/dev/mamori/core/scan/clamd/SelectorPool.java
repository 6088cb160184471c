package dev.mamori.core.scan.clamd;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.channels.Selector;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Selectors of finished clamd commands, handed to the next ones. Each command still gets a fresh connection; only the
 * selector that waits on it is reused, because opening and closing one per command (an epoll instance and an event
 * file descriptor; three commands per message by default) was about 5% of Mamori's CPU samples under SMTP load.
 * A selector is given back only with no channel registered on it. At most {@code max} are kept; the client's
 * semaphore already bounds how many are in use. They are closed when the owning client becomes unreachable.
 */
final class SelectorPool {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Deque<Selector> idle;
    private final int max;

    SelectorPool(Object owner, int max) {
        this.idle = new ConcurrentLinkedDeque<>();
        this.max = max;
        Deque<Selector> toClose = idle; // the cleaning action must not reach the owner
        CLEANER.register(owner, () -> {
            for (Selector s; (s = toClose.poll()) != null; ) {
                closeQuietly(s);
            }
        });
    }

    /** An idle selector, or a new one. */
    Selector take() throws IOException {
        for (Selector s; (s = idle.pollFirst()) != null; ) {
            if (s.isOpen()) {
                return s;
            }
        }
        return Selector.open();
    }

    /** Keeps {@code s} for the next command if it is open and empty and there is room, else closes it. */
    void give(Selector s) {
        if (s.isOpen() && s.keys().isEmpty() && idle.size() < max) {
            s.selectedKeys().clear();
            idle.addFirst(s);
        } else {
            closeQuietly(s);
        }
    }

    /** Selectors kept now (for tests). */
    int idleCount() {
        return idle.size();
    }

    static void closeQuietly(Selector s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to recover: the selector holds no state we need
        }
    }
}
