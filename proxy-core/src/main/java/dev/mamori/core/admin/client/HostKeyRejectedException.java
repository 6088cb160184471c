package dev.mamori.core.admin.client;

import java.io.IOException;

/** The server's host key was not accepted: unknown and not trusted, or different from the pinned one. */
public final class HostKeyRejectedException extends IOException {
    public HostKeyRejectedException(String message) {
        super(message);
    }
}
