package dev.mamori.core.net;

/** An upstream was refused by policy; the message is safe to show to the client. */
public final class UpstreamDeniedException extends RuntimeException {
    public UpstreamDeniedException(String message) {
        super(message, null, false, false);
    }
}
